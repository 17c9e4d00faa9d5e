/**
 * The demo petitions: invented texts, each with the story the seed gives it (where it is in
 * moderation, or how it fared once published). No text here is, or quotes, a real petition.
 *
 * `weight` is a published petition's share of the signature budget; `live` marks the one left
 * for the scheduled threshold function to find, so seeding shows that path too.
 */
import type { RejectionCode } from "../../../shared/domain/petition-state.ts";

export type ResponseStory = { summary: string; details: string };
export type DebateStory =
  | { kind: "scheduled"; inDays: number }
  | { kind: "debated"; daysAgo: number; overview: string }
  | { kind: "not_debated"; reason: string };

export type Fate =
  | { kind: "pending" }
  | { kind: "collecting"; sponsors: number }
  /** Written as collecting with enough supporters: the counter moves it to moderation. */
  | { kind: "awaiting_moderation" }
  /** Already in moderation this many days (past seven is overdue). */
  | { kind: "in_moderation"; days: number }
  | { kind: "flagged" }
  | { kind: "rejected"; code: RejectionCode; details: string | null }
  | {
      kind: "open" | "closed";
      weight: number;
      openedDaysAgo: number;
      trending?: boolean;
      live?: boolean;
      response?: ResponseStory;
      debate?: DebateStory;
    };

export interface Story {
  action: string;
  background: string;
  details: string | null;
  creator: string;
  fate: Fate;
}

export const catalogue: readonly Story[] = [
  {
    action: "Fund free swimming lessons for every child at primary school",
    background:
      "Too many children leave primary school unable to swim 25 metres. Lessons cost more than many families can pay, and pools are closing. Every child should learn to swim before secondary school.",
    details:
      "Schools would book lessons at the nearest public pool, with transport paid for. Children who still cannot swim at the end of Year 6 would be offered a free summer course.",
    creator: "Harriet Okafor",
    fate: { kind: "open", weight: 120, openedDaysAgo: 38, trending: true, live: true },
  },
  {
    action: "Require new homes to be built with solar panels fitted as standard",
    background:
      "Fitting panels while a house is built costs far less than adding them later. Every new home should produce some of its own electricity, lowering bills for the people who will live there.",
    details: null,
    creator: "Tomasz Wrobel",
    fate: {
      kind: "open",
      weight: 9,
      openedDaysAgo: 120,
      response: {
        summary:
          "New homes will have to meet a higher energy standard, which in most cases will mean fitting solar panels.",
        details:
          "The Government agrees that new homes should be ready for a low-carbon future. From next year the building regulations will set a standard for energy use that most builders will meet by fitting solar panels. We will review the standard after two years and consult on making panels a requirement where a roof can take them.",
      },
    },
  },
  {
    action: "Cut VAT on repairs to bicycles, shoes and household appliances",
    background:
      "Repairing something is often dearer than replacing it, partly because repairs carry full VAT. A lower rate would keep things out of landfill and support local repair shops.",
    details:
      "The reduced rate of 5% should apply to labour and parts for repairs to bicycles, shoes, clothing and household appliances.",
    creator: "Gwen Pritchard",
    fate: {
      kind: "open",
      weight: 7,
      openedDaysAgo: 95,
      response: {
        summary: "The Government has no plans to reduce VAT on repairs but will keep the case under review.",
        details:
          "VAT is a broad-based tax and reduced rates are costly and hard to target. The Government supports repair through its right-to-repair rules for appliances and will keep the case for a reduced rate under review.",
      },
      debate: { kind: "scheduled", inDays: 17 },
    },
  },
  {
    action: "Make first aid training part of every secondary school curriculum",
    background:
      "A few hours of training lets a teenager keep someone alive until help arrives. Every pupil should leave school knowing how to give CPR, use a defibrillator and help someone who is choking.",
    details: null,
    creator: "Samir Haddad",
    fate: { kind: "open", weight: 4, openedDaysAgo: 12, trending: true },
  },
  {
    action: "Introduce a deposit return scheme for glass bottles and drinks cans",
    background:
      "Bottles and cans litter our streets, beaches and countryside. A small refundable deposit, paid back when the container is returned, would make it worth everyone's while to bring them back.",
    details: null,
    creator: "Aileen MacLeod",
    fate: { kind: "open", weight: 3, openedDaysAgo: 64 },
  },
  {
    action: "Protect public libraries from closure with ring-fenced funding",
    background:
      "Libraries are warm, free and open to everyone: places to study, find work and get online. Councils under pressure are closing them. Library funding should be set aside so it cannot be cut.",
    details: null,
    creator: "Beatrice Onyango",
    fate: { kind: "open", weight: 2.4, openedDaysAgo: 150 },
  },
  {
    action: "Allow renters to keep a pet unless the landlord shows good reason",
    background:
      "Millions of tenants are refused pets as a matter of course, and many give up animals when they move. Landlords should only be able to refuse a pet for a good reason they set out in writing.",
    details: null,
    creator: "Marcus Bell",
    fate: { kind: "open", weight: 2, openedDaysAgo: 44, trending: true },
  },
  {
    action: "Cap the price of school uniforms sold only through approved suppliers",
    background:
      "Some schools insist on blazers and jumpers from a single supplier at several times the supermarket price. Parents should be able to buy most items anywhere, with branded items capped in price.",
    details: null,
    creator: "Ruth Adeyemi",
    fate: { kind: "open", weight: 1.3, openedDaysAgo: 20 },
  },
  {
    action: "Build a network of safe, separated cycle routes between neighbouring towns",
    background:
      "Many people would cycle to work or school if the roads felt safe. Routes separated from fast traffic, linking towns a few miles apart, would make cycling a real choice outside cities.",
    details: null,
    creator: "Owain Jenkins",
    fate: { kind: "open", weight: 1, openedDaysAgo: 81 },
  },
  {
    action: "Give everyone a right to repair their phones and laptops",
    background:
      "Phones and laptops are often glued shut, with parts and manuals kept from independent repairers. Makers should have to sell spare parts and publish repair guides for at least seven years.",
    details: null,
    creator: "Priya Raman",
    fate: { kind: "open", weight: 0.8, openedDaysAgo: 130 },
  },
  {
    action: "Ban the sale of disposable barbecues near moorland and heathland",
    background:
      "Disposable barbecues start wildfires that destroy moorland, heathland and the wildlife that lives there. Shops within a few miles of these places should not be allowed to sell them.",
    details: null,
    creator: "Fergus Doyle",
    fate: { kind: "open", weight: 0.55, openedDaysAgo: 9 },
  },
  {
    action: "Make bus travel free for everyone under the age of 22",
    background:
      "Young people depend on buses to reach college, training and their first jobs, and fares take a large share of low wages. Free bus travel would widen their choices and build the habit of using the bus.",
    details: null,
    creator: "Chloe Mensah",
    fate: { kind: "open", weight: 0.4, openedDaysAgo: 140 },
  },
  {
    action: "Require large supermarkets to give away unsold food that is safe to eat",
    background:
      "Supermarkets throw away food that is still good while food banks run short. Large stores should have to offer unsold, safe food to charities before it is thrown away.",
    details: null,
    creator: "Daniel Kowalczyk",
    fate: { kind: "open", weight: 0.25, openedDaysAgo: 27 },
  },
  {
    action: "Provide free period products in every public building",
    background:
      "Period products are a necessity, not a luxury. Libraries, leisure centres, council offices and other public buildings should keep them free in their toilets, as many schools already do.",
    details: null,
    creator: "Imogen Clarke",
    fate: { kind: "open", weight: 0.12, openedDaysAgo: 6 },
  },
  {
    action: "Fund a defibrillator for every sports club and village hall",
    background:
      "When a heart stops, every minute without a defibrillator lowers the chance of survival. Many clubs and halls cannot afford one. A fund should pay for a defibrillator and a cabinet for each of them.",
    details: null,
    creator: "Kwame Asante",
    fate: { kind: "open", weight: 0.05, openedDaysAgo: 3 },
  },
  {
    action: "Extend paternity leave to twelve weeks on full pay",
    background:
      "Two weeks is not enough for a father or partner to share the care of a new baby. Twelve weeks on full pay, taken at any time in the first year, would help families and share care more equally.",
    details: null,
    creator: "Liam Gallagher-Reid",
    fate: { kind: "open", weight: 0.03, openedDaysAgo: 2 },
  },
  {
    action: "Hold a public inquiry into sewage discharges into rivers and the sea",
    background:
      "Untreated sewage is released into rivers and the sea thousands of times a year. An independent public inquiry should find out why, who is responsible, and what it will take to stop it.",
    details:
      "The inquiry should be able to require water companies and regulators to give evidence under oath and hand over their records.",
    creator: "Eleanor Whitfield",
    fate: {
      kind: "closed",
      weight: 12,
      openedDaysAgo: 300,
      response: {
        summary:
          "The Government is setting stricter limits on discharges and stronger penalties, and does not believe an inquiry is needed.",
        details:
          "Water companies must now monitor every storm overflow and publish the results. Penalties have been raised and the regulator has new powers. The Government believes action now will do more than an inquiry that could take years.",
      },
      debate: {
        kind: "debated",
        daysAgo: 40,
        overview:
          "Members debated the petition in Westminster Hall, discussing monitoring of storm overflows, penalties for water companies and the case for an independent inquiry.",
      },
    },
  },
  {
    action: "Lower the voting age to 16 in all UK elections",
    background:
      "At 16 you can work, pay tax and join the armed forces, yet you cannot vote. Sixteen and seventeen year olds already vote in some elections; they should be able to vote in all of them.",
    details: null,
    creator: "Niamh Brennan",
    fate: {
      kind: "closed",
      weight: 5,
      openedDaysAgo: 280,
      response: {
        summary:
          "The Government will bring forward plans to lower the voting age to 16 for all UK elections.",
        details:
          "The Government has committed to giving 16 and 17 year olds the vote and will set out how, including how young people will be registered and taught about elections.",
      },
      debate: {
        kind: "not_debated",
        reason:
          "The Committee decided not to schedule a debate because the House is about to consider a bill that would make this change.",
      },
    },
  },
  {
    action: "Scrap hospital car parking charges for patients, visitors and staff",
    background:
      "People visiting sick relatives, and staff working long shifts, pay to park at hospitals. Parking should be free at every NHS hospital, as it already is in some parts of the UK.",
    details: null,
    creator: "Graham Sutcliffe",
    fate: {
      kind: "closed",
      weight: 6,
      openedDaysAgo: 250,
      debate: {
        kind: "debated",
        daysAgo: 20,
        overview:
          "Members discussed free parking for disabled people, parents of sick children, night-shift staff and frequent outpatients, and how trusts would make up the income.",
      },
    },
  },
  {
    action: "Run a trial of a four-day working week across the civil service",
    background:
      "Trials in private firms suggest a four-day week with no loss of pay can keep output level while improving staff health. The civil service should run a measured trial and publish the results.",
    details: null,
    creator: "Yusuf Demir",
    fate: {
      kind: "closed",
      weight: 2.2,
      openedDaysAgo: 270,
      response: {
        summary: "The Government has no plans for a civil service trial of a four-day week.",
        details:
          "Departments already offer flexible working, including compressed hours. The Government will watch the evidence from trials elsewhere but has no plans for a trial of its own.",
      },
    },
  },
  {
    action: "Keep the clocks on British Summer Time all year round",
    background:
      "Changing the clocks twice a year disrupts sleep and is linked to more accidents. Lighter evenings all year would mean safer journeys home and more daylight for exercise and leisure.",
    details: null,
    creator: "Rosalind Hughes",
    fate: { kind: "closed", weight: 1.4, openedDaysAgo: 230 },
  },
  {
    action: "Offer every child a hearing test when they start school",
    background:
      "Hearing loss that develops after birth can go unnoticed and hold a child back. A simple test at the start of school would find it early, when help makes the biggest difference.",
    details: null,
    creator: "Amara Nwosu",
    fate: { kind: "closed", weight: 0.7, openedDaysAgo: 215 },
  },
  {
    action: "Protect ancient woodland from being cleared for new roads",
    background:
      "Ancient woodland takes centuries to grow and cannot be replaced. No new road should be allowed to destroy it, and planting young trees elsewhere should not count as making up for it.",
    details: null,
    creator: "Bernard Ashworth",
    fate: { kind: "closed", weight: 0.5, openedDaysAgo: 260 },
  },
  {
    action: "Require cafés and restaurants to give free tap water to anyone who asks",
    background:
      "Drinking water should be available to everyone. Any café, restaurant or bar serving food or drink should give a glass of tap water free of charge, whether or not anything else is bought.",
    details: null,
    creator: "Jasmine Patel",
    fate: { kind: "closed", weight: 0.2, openedDaysAgo: 200 },
  },
  // In moderation and collecting supporters: not yet public.
  {
    action: "Set a legal limit on noise from leaf blowers in residential streets",
    background:
      "Petrol leaf blowers are loud enough to damage hearing and are used early and late. There should be a legal noise limit, and hours when they cannot be used near homes.",
    details: null,
    creator: "Oliver Strand",
    fate: { kind: "awaiting_moderation" },
  },
  {
    action: "Fund mental health support workers in every further education college",
    background:
      "Students aged 16 to 19 face long waits for help with their mental health. Every further education college should have trained support workers on site during term time.",
    details: null,
    creator: "Zainab Hussain",
    fate: { kind: "awaiting_moderation" },
  },
  {
    action: "Require councils to grit pavements near schools and surgeries",
    background:
      "Icy pavements cause falls that fill emergency departments every winter. Councils should grit the pavements around schools, surgeries and care homes, not only the roads.",
    details: null,
    creator: "Catriona Ferguson",
    fate: { kind: "in_moderation", days: 9 },
  },
  {
    action: "Extend free school meals to every child whose family receives Universal Credit",
    background:
      "Many children in low-income families miss out on free school meals because of the income limit. Every child whose family receives Universal Credit should get them.",
    details: null,
    creator: "Ade Bakare",
    fate: { kind: "in_moderation", days: 2 },
  },
  {
    action: "Let local councils set lower speed limits without central approval",
    background:
      "Councils know their streets, but changing a speed limit can take years of process. They should be able to set 20mph limits on residential roads after a local consultation.",
    details: null,
    creator: "Helen Marsh",
    fate: { kind: "flagged" },
  },
  {
    action: "Fund a free swimming session every week for people over 65",
    background:
      "Swimming keeps older people active, strong and connected. Councils should offer at least one free session a week at every public pool for people aged 65 and over.",
    details: null,
    creator: "Dennis Carr",
    fate: { kind: "collecting", sponsors: 3 },
  },
  {
    action: "Publish the waiting time for every NHS operation at every hospital",
    background:
      "Patients choosing where to be treated need to know how long they will wait. Every hospital should publish its current waiting time for each kind of operation, updated each week.",
    details: null,
    creator: "Sofia Marquez",
    fate: { kind: "collecting", sponsors: 1 },
  },
  {
    action: "Make sign language a GCSE subject in every school that wants to offer it",
    background:
      "British Sign Language is a language in its own right. Schools should be able to offer it as a GCSE, with funding to train teachers, so that more people can talk with deaf neighbours.",
    details: null,
    creator: "Rebecca Lowe",
    fate: { kind: "collecting", sponsors: 0 },
  },
  {
    action: "Require landlords to fit carbon monoxide alarms in every rented home",
    background:
      "Carbon monoxide has no smell and kills people in their sleep. Every rented home with a boiler, fire or stove should have a working alarm, checked at the start of each tenancy.",
    details: null,
    creator: "Patrick Nolan",
    fate: { kind: "pending" },
  },
  // Rejected, one for each reason; the last ones are hidden from the public.
  {
    action: "Fund free swimming lessons for all primary school pupils",
    background: "Children should learn to swim at school, for free.",
    details: null,
    creator: "Gary Hollis",
    fate: {
      kind: "rejected",
      code: "duplicate",
      details: "There is already a petition about free swimming lessons for primary school children.",
    },
  },
  {
    action: "Make the town council repaint the bandstand in the park",
    background: "The bandstand in our park is peeling and needs repainting before the summer concerts.",
    details: null,
    creator: "Maureen Tate",
    fate: {
      kind: "rejected",
      code: "irrelevant",
      details: "This is a matter for the town council. You could contact your local councillors.",
    },
  },
  {
    action: "Everyone should be kinder to each other",
    background: "The world would be a better place if people were kinder.",
    details: null,
    creator: "Stephen Ward",
    fate: { kind: "rejected", code: "no-action", details: null },
  },
  {
    action: "Give a knighthood to our village's retired postman",
    background: "He delivered our post for forty years and knew everyone by name.",
    details: null,
    creator: "Joan Fairbairn",
    fate: { kind: "rejected", code: "honours", details: null },
  },
  {
    action: "Build a new bridge over the estuary",
    background: "The ferry takes too long and a bridge would save everyone time.",
    details: null,
    creator: "Father Christmas",
    fate: { kind: "rejected", code: "fake-name", details: null },
  },
  {
    action: "Tell us how many paperclips each government department bought last year",
    background: "The public deserves to know how much is spent on stationery.",
    details: null,
    creator: "Nigel Ransome",
    fate: {
      kind: "rejected",
      code: "foi",
      details:
        "You can ask government departments for this information under the Freedom of Information Act.",
    },
  },
  {
    action: "Buy our energy-saving light bulbs for every government office",
    background: "Our bulbs last twice as long as the rest. Visit our shop for a discount.",
    details: null,
    creator: "Brian Lister",
    fate: { kind: "rejected", code: "advert", details: null },
  },
  {
    action: "Investigate the council leader for taking bribes",
    background: "Everybody knows the council leader takes money from developers.",
    details: null,
    creator: "Ray Dunmore",
    fate: { kind: "rejected", code: "libellous", details: null },
  },
  {
    action: "Ban people I disagree with from using the internet",
    background: "Some people should not be allowed to post anything at all.",
    details: null,
    creator: "Carl Pike",
    fate: { kind: "rejected", code: "offensive", details: null },
  },
];
