/**
 * The stall check finds a running mass-mail job that has sent nothing for fifteen minutes, and
 * stops watching a job once it has ended. SES is held with injected throttling so the job stays
 * running with nothing sent; "fifteen minutes later" is the check's own clock.
 */
import "../support/in-process.ts";
import { afterEach, describe, expect, it } from "vitest";
import { checkMailJobs, STALL_MINUTES } from "../../shared/mail/stalls.ts";
import { call, drain, getItem, post, runSchedule, staffToken } from "../support/api.ts";
import { openPetition, signAndConfirm } from "../support/flows.ts";

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("the mass-mail stall check", () => {
  afterEach(async () => {
    await call("DELETE", "/_local/faults");
  });

  it("reports a running job that has sent nothing for the stall interval, then forgets it once it ends", async () => {
    const petition = await openPetition();
    await signAndConfirm(petition.id, 2, { notify: true });
    await drain();
    const token = await staffToken("moderator");
    await post("/_local/faults", {
      rules: [{ client: "ses", commands: ["SendEmailCommand"], times: 1000, error: "throttle" }],
    });
    const started = await call<{ job_id: string }>("PUT", `/admin/petitions/${petition.id}/debate`, {
      token,
      body: { scheduled_debate_date: "2099-02-28", email_signers: true },
    });
    expect(started.status, started.text).toBe(200);
    const jobId = started.body.job_id;

    // Just started: running, not stalled.
    const now = await checkMailJobs(new Date());
    expect(now.stalled).not.toContain(jobId);
    expect(now.running).toBeGreaterThanOrEqual(1);
    // A minute short of the interval: still not stalled. At the interval, with nothing sent: stalled.
    expect((await checkMailJobs(minutesFromNow(STALL_MINUTES - 1))).stalled).not.toContain(jobId);
    expect((await checkMailJobs(minutesFromNow(STALL_MINUTES + 1))).stalled).toContain(jobId);
    // The scheduled function runs the same check on the real clock.
    const scheduled = (await runSchedule("WatchMailJobs")) as { running: number; stalled: string[] };
    expect(scheduled.stalled).not.toContain(jobId);

    // Once cancelled, the next check takes it out of the index it watches.
    expect((await call("POST", `/admin/jobs/${jobId}/cancel`, { token })).status).toBe(200);
    await call("DELETE", "/_local/faults");
    await drain();
    expect((await getItem(`JOB#${jobId}`, "JOB"))?.duePK).toBe("JOB");
    expect((await checkMailJobs(minutesFromNow(STALL_MINUTES + 1))).stalled).not.toContain(jobId);
    const after = await getItem(`JOB#${jobId}`, "JOB");
    expect(after?.state).toBe("cancelled");
    expect(after?.duePK).toBeUndefined();
  });
});
