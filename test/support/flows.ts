/** The journeys tests repeat, done as a person would: through the API and the mailbox. */
import { expect } from "vitest";
import { get, linkIn, onlyMail, pathOf, post, signer, staffToken, uniqueEmail } from "./api.ts";

export interface StartedPetition {
  id: number;
  creatorEmail: string;
  sponsorLink: string;
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
export async function startPetition(overrides: Record<string, unknown> = {}): Promise<StartedPetition> {
  const creatorEmail = uniqueEmail("creator");
  const created = await post<{ id: number; state: string }>("/petitions", {
    ...petitionText(overrides),
    ...signer({ name: "Chris Creator", email: creatorEmail }),
  });
  expect(created.status).toBe(202);
  const confirm = await onlyMail(creatorEmail, /Confirm your email address to start your petition/);
  const confirmed = await get(pathOf(linkIn(confirm, /\/verify\?token=/)));
  expect(confirmed.status).toBe(200);
  const gather = await onlyMail(creatorEmail, /Get supporters for/);
  return { id: created.body.id, creatorEmail, sponsorLink: linkIn(gather, /\/sponsors\/new\?token=/) };
}

/** `n` supporters sign from the creator's link and confirm by email. */
export async function gatherSponsors(petition: StartedPetition, n: number): Promise<string[]> {
  const token = new URL(petition.sponsorLink).searchParams.get("token");
  const emails: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail(`supporter${i}`);
    const answer = await post(
      `/petitions/${petition.id}/sponsors?token=${token}`,
      signer({ name: `Supporter ${i}`, email }),
    );
    expect(answer.status).toBe(202);
    emails.push(email);
  }
  for (const email of emails) {
    const mail = await onlyMail(email, /Sign to support/);
    expect((await get(pathOf(linkIn(mail, /\/verify\?token=/)))).status).toBe(200);
  }
  return emails;
}

export async function moderate(
  id: number,
  body: Record<string, unknown>,
  role: "moderator" | "sysadmin" = "moderator",
) {
  return post(`/admin/petitions/${id}/moderation`, body, { token: await staffToken(role) });
}

/** A petition taken all the way to open. */
export async function openPetition(overrides: Record<string, unknown> = {}): Promise<StartedPetition> {
  const petition = await startPetition(overrides);
  await gatherSponsors(petition, 5);
  const { drain } = await import("./api.ts");
  await drain();
  const published = await moderate(petition.id, { decision: "publish" });
  expect(published.status).toBe(200);
  return petition;
}

/** Moves a petition's closing time into the past and runs the closing schedule. */
export async function closeNow(id: number): Promise<void> {
  const { drain, setItemFields, runSchedule } = await import("./api.ts");
  const past = new Date(Date.now() - 60_000).toISOString();
  await setItemFields(`PETITION#${id}`, "PETITION", {
    closes_at: past,
    dueSK: `${past}#${String(id).padStart(12, "0")}`,
  });
  const result = (await runSchedule("ClosePetitions")) as { closed: number[] };
  expect(result.closed).toContain(id);
  await drain();
}

/** `n` members of the public sign and confirm; returns their addresses. */
export async function signAndConfirm(
  petitionId: number,
  n: number,
  options: { notify?: boolean } = {},
): Promise<string[]> {
  const { drain, mailbox } = await import("./api.ts");
  const emails = Array.from({ length: n }, (_, i) => uniqueEmail(`public${i}`));
  await Promise.all(
    emails.map(async (email, i) => {
      const answer = await post(
        `/petitions/${petitionId}/signatures`,
        signer({ name: `Member ${i}`, email, notify_by_email: options.notify ?? false }),
      );
      expect(answer.status).toBe(202);
    }),
  );
  await drain();
  const mails = await mailbox();
  await Promise.all(
    emails.map(async (email) => {
      const mail = mails.find((m) => m.to.includes(email) && /confirm your email/i.test(m.subject));
      if (!mail) throw new Error(`no confirmation email for ${email}`);
      expect((await get(pathOf(linkIn(mail, /\/verify\?token=/)))).status).toBe(200);
    }),
  );
  await drain();
  return emails;
}
