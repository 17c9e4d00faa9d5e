/**
 * What an integration test needs to act as a person and to look underneath, bound to the local
 * engine the global setup started.
 */
import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import type { Role } from "../../shared/topology-types.ts";
import { type Answer, type CallOptions, LocalService, type Mail } from "./local-service.ts";

export { linkIn, pathOf, signer, someIp, uniqueEmail } from "./local-service.ts";
export type { Answer, Mail };

export const service = new LocalService(inject("baseUrl"), inject("dynamoEndpoint"), inject("tableName"));

export const baseUrl = () => service.baseUrl;
export const call = <T = unknown>(method: string, path: string, options?: CallOptions) =>
  service.call<T>(method, path, options);
export const get = <T = unknown>(path: string, options?: CallOptions) => service.get<T>(path, options);

/**
 * The ids of every petition a public list answers, page by page (`links.next`): other files'
 * petitions share the engine, so one page of a list need not hold a test's own.
 */
export async function everyListedId(path: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; page <= 200; page++) {
    const answer = await get<{ data: { id: number }[]; links: { next: string | null } }>(
      `${path}${path.includes("?") ? "&" : "?"}page=${page}`,
    );
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text.slice(0, 200)}`);
    ids.push(...answer.body.data.map((p) => p.id));
    if (!answer.body.links.next || answer.body.data.length === 0) return ids;
  }
  throw new Error(`${path}: more than 200 pages`);
}
export const post = <T = unknown>(path: string, body: unknown, options?: CallOptions) =>
  service.post<T>(path, body, options);
export const drain = () => service.drain();
export const runSchedule = (name: string) => service.runSchedule(name);
export const mailbox = () => service.mailbox();
export const tableSnapshot = () => service.tableSnapshot();
export const getItem = (PK: string, SK: string) => service.getItem(PK, SK);
export const setItemFields = (PK: string, SK: string, fields: Record<string, unknown>) =>
  service.setItemFields(PK, SK, fields);

export async function mailTo(address: string, subject?: RegExp): Promise<Mail[]> {
  await drain();
  return (await mailbox()).filter((m) => m.to.includes(address) && (!subject || subject.test(m.subject)));
}

/** The one email this address got with this subject; fails when there is none or several. */
export async function onlyMail(address: string, subject: RegExp): Promise<Mail> {
  const found = await mailTo(address, subject);
  if (found.length !== 1)
    throw new Error(`expected one email to ${address} matching ${subject}, found ${found.length}`);
  return found[0] as Mail;
}

export const staffToken = (role: Role, sub = `staff-${randomUUID().slice(0, 8)}`) =>
  signStaffToken(service.baseUrl, { roles: [role], sub });

/** What `GET /admin/jobs/{id}` says of a mass-mail job (the fields tests read). */
export interface MailJob {
  state: string;
  total: number;
  sent: number;
  failed: number;
  withheld: number;
}

/** A mass-mail job once it has stopped running, the stream drained before each look. */
export async function finishedJob(jobId: string): Promise<MailJob> {
  const token = await staffToken("moderator");
  let job: MailJob | undefined;
  await expect
    .poll(
      async () => {
        await drain();
        job = (await get<{ data: MailJob }>(`/admin/jobs/${jobId}`, { token })).body.data;
        return job.state;
      },
      { timeout: 60_000, interval: 50, message: `mail job ${jobId} still running` },
    )
    .not.toBe("running");
  return job as MailJob;
}
