/**
 * The journeys people take through the service, free of any test framework so tests and
 * benchmarks share them: each step goes through the API and the mailbox, and throws when the
 * service answers anything but what a person would expect.
 */
import { randomUUID } from "node:crypto";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import {
  type Answer,
  type LocalService,
  linkIn,
  type Mail,
  pathOf,
  signer,
  uniqueEmail,
} from "./local-service.ts";

export interface StartedPetition {
  id: number;
  creatorEmail: string;
  sponsorLink: string;
}

function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
}

function onlyOne(mails: Mail[], address: string, subject: RegExp): Mail {
  const found = mails.filter((m) => m.to.includes(address) && subject.test(m.subject));
  if (found.length !== 1)
    throw new Error(`expected one email to ${address} matching ${subject}, found ${found.length}`);
  return found[0] as Mail;
}

let counter = 0;
export function petitionText(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    action: `Build ${counter} more public libraries`,
    background: "Libraries give everyone access to books, computers and quiet space.",
    additional_details: "Councils have closed many branches in the last decade.",
    ...overrides,
  };
}

/** Creates a petition and confirms the creator's email from the mailbox. */
export async function startPetition(
  service: LocalService,
  overrides: Record<string, unknown> = {},
): Promise<StartedPetition> {
  const creatorEmail = uniqueEmail("creator");
  const created = await service.post<{ id: number }>("/petitions", {
    ...petitionText(overrides),
    ...signer({ name: "Chris Creator", email: creatorEmail }),
  });
  expectStatus(created, 202, "creating a petition");
  await service.drain();
  const confirm = onlyOne(
    await service.mailbox(),
    creatorEmail,
    /Confirm your email address to start your petition/,
  );
  expectStatus(await service.get(pathOf(linkIn(confirm, /\/verify\?token=/))), 200, "confirming the creator");
  await service.drain();
  const gather = onlyOne(await service.mailbox(), creatorEmail, /Get supporters for/);
  return { id: created.body.id, creatorEmail, sponsorLink: linkIn(gather, /\/sponsors\/new\?token=/) };
}

/** `n` supporters sign from the creator's link and confirm by email. */
export async function gatherSponsors(
  service: LocalService,
  petition: StartedPetition,
  n: number,
): Promise<string[]> {
  const token = new URL(petition.sponsorLink).searchParams.get("token");
  const emails: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail(`supporter${i}`);
    const answer = await service.post(
      `/petitions/${petition.id}/sponsors?token=${token}`,
      signer({ name: `Supporter ${i}`, email }),
    );
    expectStatus(answer, 202, "supporting a petition");
    emails.push(email);
  }
  await service.drain();
  const mails = await service.mailbox();
  for (const email of emails) {
    const mail = onlyOne(mails, email, /Sign to support/);
    expectStatus(await service.get(pathOf(linkIn(mail, /\/verify\?token=/))), 200, "confirming a supporter");
  }
  return emails;
}

export async function moderate(
  service: LocalService,
  id: number,
  body: Record<string, unknown>,
  role: "moderator" | "sysadmin" = "moderator",
) {
  const token = await signStaffToken(service.baseUrl, {
    roles: [role],
    sub: `staff-${randomUUID().slice(0, 8)}`,
  });
  return service.post(`/admin/petitions/${id}/moderation`, body, { token });
}

/** A sysadmin blocks every address at a domain and its subdomains (`*.domain`). */
export async function blockEmailDomain(service: LocalService, domain: string): Promise<void> {
  const token = await signStaffToken(service.baseUrl, { roles: ["sysadmin"] });
  expectStatus(
    await service.post("/admin/blocks", { kind: "domain", value: `*.${domain}` }, { token }),
    201,
    "blocking a domain",
  );
}

/** A petition taken all the way to open. */
export async function openPetition(
  service: LocalService,
  overrides: Record<string, unknown> = {},
): Promise<StartedPetition> {
  const petition = await startPetition(service, overrides);
  await gatherSponsors(service, petition, 5);
  await service.drain();
  expectStatus(await moderate(service, petition.id, { decision: "publish" }), 200, "publishing");
  return petition;
}

/** Moves a petition's closing time into the past and runs the closing schedule. */
export async function closeNow(service: LocalService, id: number): Promise<void> {
  const past = new Date(Date.now() - 60_000).toISOString();
  await service.setItemFields(`PETITION#${id}`, "PETITION", {
    closes_at: past,
    dueSK: `${past}#${String(id).padStart(12, "0")}`,
  });
  const result = (await service.runSchedule("ClosePetitions")) as { closed: number[] };
  if (!result.closed.includes(id)) throw new Error(`petition ${id} did not close`);
  await service.drain();
}

/** `n` members of the public sign and confirm; returns their addresses. */
export async function signAndConfirm(
  service: LocalService,
  petitionId: number,
  n: number,
  options: { notify?: boolean } = {},
): Promise<string[]> {
  const emails = Array.from({ length: n }, (_, i) => uniqueEmail(`public${i}`));
  await Promise.all(
    emails.map(async (email, i) => {
      const body = signer({ name: `Member ${i}`, email, notify_by_email: options.notify ?? false });
      expectStatus(await service.post(`/petitions/${petitionId}/signatures`, body), 202, "signing");
    }),
  );
  await service.drain();
  const mails = await service.mailbox();
  await Promise.all(
    emails.map(async (email) => {
      const mail = onlyOne(mails, email, /confirm your email/i);
      expectStatus(
        await service.get(pathOf(linkIn(mail, /\/verify\?token=/))),
        200,
        "confirming a signature",
      );
    }),
  );
  await service.drain();
  return emails;
}
