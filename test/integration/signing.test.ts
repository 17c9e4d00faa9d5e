import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { inParallel } from "../../shared/pool.ts";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import {
  type Answer,
  call,
  drain,
  get,
  getItem,
  linkIn,
  type Mail,
  mailbox,
  pathOf,
  post,
  setItemFields,
  signer,
  someIp,
  tableSnapshot,
  uniqueEmail,
} from "../support/api.ts";
import { blockEmailDomain, closeNow, openPetition, type StartedPetition } from "../support/flows.ts";

const data = loadUkData(resolve(import.meta.dirname, "../../../shared/data/uk"));

interface PetitionJson {
  data: {
    attributes: {
      signature_count: number;
      signatures_by_country: { code: string; signature_count: number }[];
      signatures_by_constituency: { ons_code: string; name: string; signature_count: number }[];
      signatures_by_region: { ons_code: string; name: string; signature_count: number }[];
    };
  };
}

const verifyLinks = (mails: Mail[], address: string) =>
  mails
    .filter((m) => m.to.includes(address) && /confirm your email/i.test(m.subject))
    .map((m) => linkIn(m, /\/verify\?token=/));

/** One request to sign: what the person sent, from the address the edge saw. */
interface Attempt {
  body: Record<string, unknown>;
  ip: string;
}

const POSTCODES = ["SW1A 1AA", "M1 1AE", "EH1 1YZ", "CF10 1EP", "BT1 1AA", "B1 1BB", "LS1 1UR", "G1 1XQ"];

/** 150 different people, one in five with a gmail address, one in fifteen signing from France. */
function distinctPeople(): Attempt[] {
  return Array.from({ length: 150 }, (_, i) => ({
    body: signer({
      name: `Person ${i}`,
      email: i % 5 === 0 ? `person.number${i}.${Date.now()}@gmail.com` : uniqueEmail(`p${i}`),
      ...(i % 15 === 0 ? { location: "FR", postcode: "" } : { postcode: POSTCODES[i % POSTCODES.length] }),
    }),
    ip: someIp(),
  }));
}

/** Twenty of them again, their email written differently (case, `+tag`, googlemail, dots). */
function sameEmailsWrittenDifferently(people: Attempt[]): Attempt[] {
  return Array.from({ length: 20 }, (_, i) => {
    const person = people[i * 5] as Attempt;
    const [local, domain] = String(person.body.email).split("@") as [string, string];
    const variant =
      domain === "gmail.com"
        ? `${local.replace(/\./g, "").toUpperCase()}+dup@googlemail.com`
        : `${local.toUpperCase()}+again@${domain}`;
    return { body: { ...person.body, email: variant }, ip: someIp() };
  });
}

/** Ten of them pressing again: the very same request. */
const retries = (people: Attempt[]): Attempt[] => people.slice(100, 110);

/** Ten addresses at a subdomain of a blocked domain. */
const atBlockedDomain = (domain: string): Attempt[] =>
  Array.from({ length: 10 }, (_, i) => ({
    body: signer({ email: `someone${i}@mail.${domain}` }),
    ip: someIp(),
  }));

/** Ten people behind one address (an office, a school): the burst limit lets one through. */
function crowdBehindOneAddress(): Attempt[] {
  const ip = someIp();
  return Array.from({ length: 10 }, (_, i) => ({
    body: signer({ name: `Shared ${i}`, email: uniqueEmail(`shared${i}`) }),
    ip,
  }));
}

/** A household sharing one email: two names at one postcode count, a third does not. */
function householdOfThree(): Attempt[] {
  const email = uniqueEmail("household");
  return ["Ann Home", "Bob Home", "Cat Home"].map((name) => ({
    body: signer({ name, email, postcode: "SW1A 1AA" }),
    ip: someIp(),
  }));
}

/** Everyone signs at once, twenty requests in flight. */
const signAtOnce = (petitionId: number, attempts: Attempt[]) =>
  inParallel(
    attempts.map(
      (a) => () => post<{ status: string }>(`/petitions/${petitionId}/signatures`, a.body, { ip: a.ip }),
    ),
    20,
  );

/** Every confirmation link is followed, one in seven twice at once (a person and their mail scanner). */
async function confirmEveryLink(addresses: string[]) {
  await drain();
  const mails = await mailbox();
  const links = addresses.flatMap((address) => verifyLinks(mails, address));
  await inParallel(
    links.flatMap((link, i) => {
      const visit = () => get(pathOf(link));
      return i % 7 === 0 ? [visit, visit] : [visit];
    }),
    20,
  );
  await drain();
}

/** The signatures of the people behind one address, as stored. */
const crowdSignatures = async (petitionId: number) =>
  (await tableSnapshot()).filter(
    (i) => i.entity === "SIGNATURE" && i.petition_id === petitionId && String(i.name).startsWith("Shared "),
  );

const sum = (rows: { signature_count: number }[]) =>
  rows.reduce((total, row) => total + row.signature_count, 0);

describe("200 concurrent signers with duplicates, retries, limits and blocks", () => {
  const blockedDomain = `blocked-${Date.now()}.example`;
  const people = distinctPeople();
  const overseas = people.filter((p) => p.body.location === "FR").length;
  const attempts = [
    ...people,
    ...sameEmailsWrittenDifferently(people),
    ...retries(people),
    ...atBlockedDomain(blockedDomain),
    ...crowdBehindOneAddress(),
    ...householdOfThree(),
  ];
  let petition: StartedPetition;
  let answers: Answer<{ status: string }>[];

  beforeAll(async () => {
    petition = await openPetition();
    await blockEmailDomain(blockedDomain);
    answers = await signAtOnce(petition.id, attempts);
    await confirmEveryLink([...new Set(attempts.map((a) => String(a.body.email)))]);
  });

  /** The creator and five supporters, the 150 people once each, the household's two, and whoever of the crowd got through. */
  const expectedCount = async () =>
    6 + 150 + 2 + (await crowdSignatures(petition.id)).filter((i) => i.state === "validated").length;

  const published = async () =>
    (await get<PetitionJson>(`/petitions/${petition.id}.json`)).body.data.attributes;

  it("answers all 203 requests alike, whatever became of each", () => {
    expect(answers).toHaveLength(203);
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: "confirmation_sent" });
    }
  });

  it("counts the people behind one address once or not at all", async () => {
    // At most one signer fits both windows: the burst window's first may be the sustained
    // window's sixth.
    const crowd = await crowdSignatures(petition.id);
    expect(crowd).toHaveLength(10);
    expect(crowd.filter((i) => i.state === "validated").length).toBeLessThanOrEqual(1);
  });

  it("counts exactly the distinct confirmed, non-fraudulent signatures", async () => {
    const expected = await expectedCount();
    const count = await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`);
    expect(count.body.signature_count).toBe(expected);
    expect((await published()).signature_count).toBe(expected);
  });

  it("shares the count among countries, regions and constituencies that add up to it", async () => {
    const expected = await expectedCount();
    const attributes = await published();
    expect(sum(attributes.signatures_by_country)).toBe(expected);
    expect(attributes.signatures_by_country.find((c) => c.code === "FR")?.signature_count).toBe(overseas);
    // Every UK signer has a region; every UK signer outside Northern Ireland a constituency.
    expect(sum(attributes.signatures_by_region)).toBe(expected - overseas);
    const ni = data.northernIrelandRegion();
    const niCount =
      attributes.signatures_by_region.find((r) => r.ons_code === ni.letterCode)?.signature_count ?? 0;
    expect(niCount).toBeGreaterThan(0);
    expect(sum(attributes.signatures_by_constituency)).toBe(expected - overseas - niCount);
  });

  it("puts each postcode in the constituency and region the dataset gives it", async () => {
    const attributes = await published();
    for (const postcode of ["M1 1AE", "EH1 1YZ", "CF10 1EP"]) {
      const constituency = data.constituencyForPostcode(postcode);
      expect(constituency).not.toBeNull();
      const row = attributes.signatures_by_constituency.find((c) => c.ons_code === constituency?.onsCode);
      expect(row?.name).toBe(constituency?.name);
      const region = data.regionByCode(constituency?.regionCode ?? "");
      expect(attributes.signatures_by_region.map((r) => r.ons_code)).toContain(region?.letterCode);
    }
  });
});

describe("a repeat signature", () => {
  it("gets a 'you have already signed' email once confirmed, at most five emails in all", async () => {
    const petition = await openPetition();
    const person = signer();
    await post(`/petitions/${petition.id}/signatures`, person);
    await drain();
    const first = (await mailbox()).filter((m) => m.to.includes(String(person.email)));
    expect(first).toHaveLength(1);
    await get(pathOf(linkIn(first[0] as Mail, /verify/)));
    for (let i = 0; i < 6; i++) await post(`/petitions/${petition.id}/signatures`, person);
    await drain();
    const all = (await mailbox()).filter((m) => m.to.includes(String(person.email)));
    expect(all).toHaveLength(5);
    expect(all.filter((m) => /Duplicate signature/.test(m.subject))).toHaveLength(4);
  });
});

describe("a confirmation link", () => {
  it("is idempotent and refuses a tampered or swapped token with 404", async () => {
    const petition = await openPetition();
    const a = signer();
    const b = signer();
    await post(`/petitions/${petition.id}/signatures`, a);
    await post(`/petitions/${petition.id}/signatures`, b);
    await drain();
    const mails = await mailbox();
    const linkA = verifyLinks(mails, String(a.email))[0] as string;
    const linkB = verifyLinks(mails, String(b.email))[0] as string;
    const idA = new URL(linkA).pathname.split("/")[2];
    const tokenB = new URL(linkB).searchParams.get("token");
    expect((await get(`/signatures/${idA}/verify?token=${tokenB}`)).status).toBe(404);
    expect((await get(`/signatures/${idA}/verify?token=${tokenB}x`)).status).toBe(404);
    const once = await get(pathOf(linkA));
    const twice = await get(pathOf(linkA));
    expect(once.status).toBe(200);
    // The same answer (the count in it may have moved on meanwhile).
    const { signature_count: _first, ...firstAnswer } = once.body as Record<string, unknown>;
    const { signature_count: _second, ...secondAnswer } = twice.body as Record<string, unknown>;
    expect(secondAnswer).toEqual(firstAnswer);
    await drain();
    const count = await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`);
    expect(count.body.signature_count).toBe(7);
  });

  it("stores only a hash of the token", async () => {
    const petition = await openPetition();
    const person = signer();
    await post(`/petitions/${petition.id}/signatures`, person);
    await drain();
    const link = verifyLinks(await mailbox(), String(person.email))[0] as string;
    const token = new URL(link).searchParams.get("token") as string;
    expect(token.length).toBeGreaterThanOrEqual(22);
    const signatures = (await tableSnapshot()).filter((i) => i.entity === "SIGNATURE");
    expect(JSON.stringify(signatures)).not.toContain(token);
  });
});

describe("signing a petition that is not open", () => {
  it("answers 404 for an unpublished petition and 409 for a closed one", async () => {
    const missing = await post("/petitions/987654/signatures", signer());
    expect(missing.status).toBe(404);
    const petition = await openPetition();
    await closeNow(petition.id);
    const before = await tableSnapshot();
    const closed = await post<{ errors: { code: string }[] }>(
      `/petitions/${petition.id}/signatures`,
      signer(),
    );
    expect(closed.status).toBe(409);
    expect(closed.body.errors[0]?.code).toBe("petition_closed");
    expect(await tableSnapshot()).toEqual(before);
  });
});

describe("unsubscribing", () => {
  it("works by one-click POST and keeps the signature", async () => {
    const petition = await openPetition();
    const person = signer({ notify_by_email: true });
    await post(`/petitions/${petition.id}/signatures`, person);
    await drain();
    const link = verifyLinks(await mailbox(), String(person.email))[0] as string;
    await get(pathOf(link));
    const id = new URL(link).pathname.split("/")[2] as string;
    const key = keyOfSignatureId(id);
    if (!key) throw new Error("the link holds no signature id");
    const item = await getItem(key.PK, key.SK);
    expect(item?.notify_by_email).toBe(true);
    const token = String(item?.unsubscribe_token);
    const wrong = await call("POST", `/signatures/${id}/unsubscribe?token=nope`, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrong.status).toBe(404);
    const answer = await call<{ status: string }>("POST", `/signatures/${id}/unsubscribe?token=${token}`, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("unsubscribed");
    const after = await getItem(key.PK, key.SK);
    expect(after?.notify_by_email).toBe(false);
    expect(after?.state).toBe("validated");
  });
});

describe("a confirmation after the petition closed", () => {
  it("still counts within 24 hours, and is refused after", async () => {
    const petition = await openPetition();
    const early = signer();
    const late = signer();
    await post(`/petitions/${petition.id}/signatures`, early);
    await post(`/petitions/${petition.id}/signatures`, late);
    await drain();
    const mails = await mailbox();
    const earlyLink = verifyLinks(mails, String(early.email))[0] as string;
    const lateLink = verifyLinks(mails, String(late.email))[0] as string;
    await closeNow(petition.id);

    expect((await get(pathOf(earlyLink))).status).toBe(200);
    await drain();
    expect(
      (await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`)).body.signature_count,
    ).toBe(7);

    // A day and an hour pass.
    await setItemFields(`PETITION#${petition.id}`, "PETITION", {
      closed_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString(),
    });
    expect((await get(pathOf(lateLink))).status).toBe(409);
    await drain();
    expect(
      (await get<{ signature_count: number }>(`/petitions/${petition.id}/count.json`)).body.signature_count,
    ).toBe(7);
  });
});
