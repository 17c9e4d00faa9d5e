/**
 * Invented signers: names, email addresses at reserved `.example` domains, IP addresses in the
 * benchmarking range 198.18.0.0/15, and places. UK postcodes are drawn at random from real
 * postcode areas and kept only when the service's own lookup places them in a constituency, so
 * every seeded signer is placed exactly as a real one would be. Deterministic for a given seed.
 */
import type { UkData } from "../../../shared/geo/uk-data.ts";

export const pick = <T>(random: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("Nothing to pick from");
  return item;
};

const FIRST_NAMES = [
  "Aisha",
  "Alfie",
  "Amelia",
  "Arjun",
  "Bethan",
  "Callum",
  "Chen",
  "Chloe",
  "Daniel",
  "Deborah",
  "Eilidh",
  "Emeka",
  "Ethan",
  "Fatima",
  "Finley",
  "Freya",
  "Gareth",
  "Grace",
  "Hamza",
  "Hannah",
  "Isla",
  "Jack",
  "Jamal",
  "Joanna",
  "Kai",
  "Kirsty",
  "Leah",
  "Lewis",
  "Maja",
  "Mohammed",
  "Morgan",
  "Nadia",
  "Noah",
  "Olivia",
  "Oscar",
  "Paul",
  "Ravi",
  "Rhiannon",
  "Rory",
  "Sadie",
  "Sean",
  "Siobhan",
  "Sophie",
  "Tariq",
  "Thomas",
  "Una",
  "Victoria",
  "Wei",
  "Yasmin",
  "Zoe",
];
const LAST_NAMES = [
  "Abbott",
  "Ahmed",
  "Baker",
  "Begum",
  "Campbell",
  "Chowdhury",
  "Clarke",
  "Davies",
  "Edwards",
  "Evans",
  "Fraser",
  "Green",
  "Hall",
  "Hughes",
  "Iqbal",
  "Jones",
  "Kaur",
  "Kelly",
  "Khan",
  "Lewis",
  "Li",
  "Macdonald",
  "Morgan",
  "Murphy",
  "Nowak",
  "O'Brien",
  "Osei",
  "Patel",
  "Price",
  "Quinn",
  "Roberts",
  "Robertson",
  "Shah",
  "Singh",
  "Smith",
  "Stewart",
  "Taylor",
  "Thomas",
  "Walker",
  "Watson",
  "White",
  "Williams",
  "Wilson",
  "Wright",
  "Young",
];
const DOMAIN_WORDS = ["north", "south", "post", "mail", "inbox", "letter", "bright", "home", "town", "river"];
const DOMAIN_ENDS = ["mail", "post", "box", "net", "web", "link"];
/** About 600 invented domains under the reserved `.example` top-level domain. */
const DOMAINS = DOMAIN_WORDS.flatMap((word) =>
  DOMAIN_ENDS.flatMap((end) => Array.from({ length: 10 }, (_, n) => `${word}${end}${n || ""}.example`)),
);

/** Real postcode areas; outward and inward parts are drawn at random within them. */
const POSTCODE_AREAS = [
  "AB",
  "AL",
  "B",
  "BA",
  "BB",
  "BD",
  "BH",
  "BL",
  "BN",
  "BR",
  "BS",
  "BT",
  "CA",
  "CB",
  "CF",
  "CH",
  "CM",
  "CO",
  "CR",
  "CT",
  "CV",
  "CW",
  "DA",
  "DD",
  "DE",
  "DG",
  "DH",
  "DL",
  "DN",
  "DT",
  "DY",
  "E",
  "EH",
  "EN",
  "EX",
  "FK",
  "FY",
  "G",
  "GL",
  "GU",
  "HA",
  "HD",
  "HG",
  "HP",
  "HR",
  "HU",
  "HX",
  "IG",
  "IP",
  "IV",
  "KA",
  "KT",
  "KW",
  "KY",
  "L",
  "LA",
  "LD",
  "LE",
  "LL",
  "LN",
  "LS",
  "LU",
  "M",
  "ME",
  "MK",
  "ML",
  "N",
  "NE",
  "NG",
  "NN",
  "NP",
  "NR",
  "NW",
  "OL",
  "OX",
  "PA",
  "PE",
  "PH",
  "PL",
  "PO",
  "PR",
  "RG",
  "RH",
  "RM",
  "S",
  "SA",
  "SE",
  "SG",
  "SK",
  "SL",
  "SM",
  "SN",
  "SO",
  "SP",
  "SR",
  "SS",
  "ST",
  "SW",
  "SY",
  "TA",
  "TD",
  "TF",
  "TN",
  "TQ",
  "TR",
  "TS",
  "TW",
  "UB",
  "W",
  "WA",
  "WC",
  "WD",
  "WF",
  "WN",
  "WR",
  "WS",
  "WV",
  "YO",
  "ZE",
];
const UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

/** An invented full name. */
export const randomName = (random: () => number) =>
  `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;

/** Where people abroad sign from, most often first. */
const ABROAD = ["FR", "ES", "US", "DE", "IE", "AU", "NL", "CA", "PT", "IT", "NZ", "AE", "SE", "CY", "IN"];

export interface Person {
  name: string;
  email: string;
  postcode: string | null;
  location: string;
  ip: string;
}

/** People to sign with; `postcodes` is the pool UK signers draw from. */
export class People {
  private readonly postcodes: string[];
  private readonly abroad: string[];

  constructor(
    private readonly random: () => number,
    data: UkData,
    now: Date,
    poolSize = 4000,
  ) {
    this.postcodes = [];
    for (let tries = 0; this.postcodes.length < poolSize && tries < poolSize * 20; tries++) {
      const candidate = this.randomPostcode();
      if (candidate.startsWith("BT") || data.constituencyForPostcode(candidate))
        this.postcodes.push(candidate);
    }
    if (this.postcodes.length === 0) throw new Error("The postcode lookup placed no generated postcode");
    const codes = new Set(data.locations(now).map((l) => l.code));
    this.abroad = ABROAD.filter((code) => codes.has(code));
  }

  private randomPostcode(): string {
    const area = pick(this.random, POSTCODE_AREAS);
    const district = 1 + Math.floor(this.random() * (area.length === 1 ? 20 : 30));
    const sector = Math.floor(this.random() * 10);
    const unit = pick(this.random, [...UNIT_LETTERS]) + pick(this.random, [...UNIT_LETTERS]);
    return `${area}${district} ${sector}${unit}`;
  }

  /**
   * One person. `home` skews a petition's signers towards one part of the postcode pool, as
   * local causes are; `n` keeps addresses unique within a petition.
   */
  person(n: number, home: number): Person {
    const name = randomName(this.random);
    const local = name
      .toLowerCase()
      .replace(/[^a-z ]/g, "")
      .replace(" ", ".");
    const abroad = this.abroad.length > 0 && this.random() < 0.06;
    const skewed = this.random() < 0.3;
    const index = skewed
      ? (home + Math.floor(this.random() * 40)) % this.postcodes.length
      : Math.floor(this.random() ** 1.6 * this.postcodes.length);
    return {
      name,
      email: `${local}.${n}@${pick(this.random, DOMAINS)}`,
      postcode: abroad ? null : (this.postcodes[index] ?? null),
      location: abroad ? (this.abroad[Math.floor(this.random() ** 2 * this.abroad.length)] ?? "FR") : "GB",
      ip: `198.${18 + Math.floor(this.random() * 2)}.${Math.floor(this.random() * 256)}.${1 + Math.floor(this.random() * 254)}`,
    };
  }

  /** A creator's own address, from their name. */
  creator(name: string): Person {
    const person = this.person(0, 0);
    const local = name
      .toLowerCase()
      .replace(/[^a-z]+/g, ".")
      .replace(/^\.|\.$/g, "");
    return { ...person, name, email: `${local}@${pick(this.random, DOMAINS)}` };
  }

  get postcodeCount(): number {
    return this.postcodes.length;
  }
}
