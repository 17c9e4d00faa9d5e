/**
 * One mass-mail job's fan-out, alone in its own process so its memory can be measured: runs
 * the job page by page (as the stream would trigger it) until it finishes, then prints
 * `{ emails, seconds, maxRssBytes }` as JSON. Reads JOB_ID and the engine's endpoints from
 * the environment.
 */
import { getJob } from "../../shared/mail/mass-mail.ts";
import { runJobPage } from "../../shared/mail/mass-mail-page.ts";

const id = process.env.JOB_ID;
if (!id) throw new Error("JOB_ID is not set");
const config = {
  PUBLIC_URL: process.env.PUBLIC_URL ?? "http://localhost:3000",
  SERVICE_NAME: "Petitions",
  SENDER_EMAIL: "no-reply@petitions.example.org",
  MAIL_RATE_PER_SECOND: Number(process.env.MAIL_RATE_PER_SECOND ?? 100_000),
  MAIL_RESERVE_PER_SECOND: 0,
  SES_CONFIGURATION_SET: "",
};
const started = performance.now();
for (;;) {
  const outcome = await runJobPage(id, config);
  if (outcome !== "sent") break;
}
const job = await getJob(id);
process.stdout.write(
  `${JSON.stringify({
    emails: (job?.sent ?? 0) + (job?.failed ?? 0),
    state: job?.state,
    seconds: (performance.now() - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
