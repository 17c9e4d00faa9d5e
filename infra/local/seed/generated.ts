/**
 * Petitions beyond the catalogue, for seeding at benchmark sizes: invented texts assembled from
 * parts, with fates in roughly the proportions a petitions service sees (most are rejected or
 * close quietly; a few gather a following).
 */
import { rejectionCodes } from "../../../shared/domain/petition-state.ts";
import type { Fate, Story } from "./catalogue.ts";
import { pick, randomName } from "./people.ts";

const AIMS: readonly [string, string][] = [
  ["Fund", "more school nurses"],
  ["Fund", "breakfast clubs in primary schools"],
  ["Protect", "green spaces from development"],
  ["Protect", "rural bus routes from cuts"],
  ["Require", "clear labelling of plastic packaging"],
  ["Require", "employers to publish their pay gaps"],
  ["Review", "the cost of driving lessons and tests"],
  ["Review", "business rates for small shops"],
  ["Guarantee", "a dentist place for every child"],
  ["Guarantee", "heating support for older people"],
  ["Improve", "access to railway stations for wheelchair users"],
  ["Improve", "broadband in villages and farms"],
  ["Expand", "free childcare to children aged one"],
  ["Expand", "apprenticeships in building trades"],
  ["Publish", "a plan for flood defences"],
  ["Publish", "water quality results for every beach"],
  ["Cap", "the price of energy for small businesses"],
  ["Cap", "rent rises for tenants in social housing"],
  ["Ban", "single-use vapes"],
  ["Ban", "the sale of fireworks to the public"],
  ["Support", "community-owned pubs and shops"],
  ["Support", "carers who give up work to care"],
  ["Reform", "the way councils collect council tax"],
  ["Reform", "the rules on parking on pavements"],
  ["Increase", "funding for hospices"],
  ["Increase", "the number of police community officers"],
  ["Restore", "funding for youth clubs"],
  ["Restore", "local post office counters"],
  ["Create", "a register of private landlords"],
  ["Create", "safe routes for children walking to school"],
];
const WHERE = [
  "in every county",
  "in rural areas",
  "in coastal towns",
  "across the UK",
  "for disabled people",
  "for young carers",
  "for families on low incomes",
  "in every town centre",
  "",
];
const WHEN = ["", "by 2030", "within five years", "this year"];
const WHY = [
  "People have waited too long for this, and the cost of doing nothing keeps growing.",
  "Communities up and down the country are asking for it, and the evidence shows it works.",
  "It would save money in the long run and make a real difference to people's lives.",
  "Other countries already do this; the UK should not fall behind.",
  "Those who need it most are the least able to pay for it themselves.",
];

function text(random: () => number): Pick<Story, "action" | "background"> {
  const [verb, aim] = pick(random, AIMS);
  const action = [verb, aim, pick(random, WHERE), pick(random, WHEN)].filter(Boolean).join(" ");
  return {
    action: action.length <= 80 ? action : `${verb} ${aim}`,
    background: `We call on the Government to ${verb.toLowerCase()} ${aim}. ${pick(random, WHY)}`,
  };
}

function fate(random: () => number): Fate {
  const roll = random();
  if (roll < 0.44) {
    const code = pick(random, rejectionCodes);
    return { kind: "rejected", code, details: null };
  }
  if (roll < 0.8) return { kind: "closed", weight: random() ** 4, openedDaysAgo: 190 + random() * 150 };
  if (roll < 0.94) return { kind: "open", weight: random() ** 4, openedDaysAgo: 1 + random() * 170 };
  if (roll < 0.97) return { kind: "in_moderation", days: Math.floor(random() * 12) };
  return { kind: "collecting", sponsors: Math.floor(random() * 4) };
}

export function generatedStory(random: () => number): Story {
  return { ...text(random), details: null, creator: randomName(random), fate: fate(random) };
}
