/**
 * Feedback as e-petitions takes it: stored and emailed to the team, silently dropped past the
 * limit (the same answer, nothing stored or sent), and read back by staff.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, get, mailTo, post, staffToken, tableSnapshot } from "../support/api.ts";
import { someIp } from "../support/local-service.ts";

const TEAM = "feedback@petitions.example.org";

interface Piece {
  comment: string;
  petition_link_or_title: string | null;
  email: string | null;
  ip_address?: string;
}

const recent = async () =>
  (await get<{ data: Piece[] }>("/admin/feedback?count=200", { token: await staffToken("moderator") })).body
    .data;

const stored = async (marker: string) =>
  (await tableSnapshot()).filter((i) => i.entity === "FEEDBACK" && String(i.comment).includes(marker));

describe("feedback", () => {
  it("is stored, emailed to the team and read back by staff, without the address it came from", async () => {
    const marker = `fb-${randomUUID().slice(0, 8)}`;
    const answer = await post<{ status: string }>(
      "/feedback",
      {
        comment: `The search is great ${marker}`,
        petition_link_or_title: "Fund libraries",
        email: "reply@example.com",
      },
      { headers: { "user-agent": "FeedbackTest/1.0" } },
    );
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: "feedback_sent" });
    expect(await stored(marker)).toHaveLength(1);

    const mails = (await mailTo(TEAM, /Feedback from the/)).filter((m) => m.text.includes(marker));
    expect(mails).toHaveLength(1);
    // Typed text is made inert (a zero-width non-joiner after each `.`, `:`, `/` and `@`).
    const text = mails[0]?.text.replaceAll("\u200c", "");
    expect(text).toContain("Browser: FeedbackTest/1.0");
    expect(text).toContain("Link or title: Fund libraries");
    expect(text).toContain("Email: reply@example.com");
    // A reply goes to the person who wrote.
    expect(mails[0]?.replyTo).toEqual(["reply@example.com"]);

    const listed = (await recent()).find((p) => p.comment.includes(marker));
    expect(listed).toMatchObject({ petition_link_or_title: "Fund libraries", email: "reply@example.com" });
    expect(listed).not.toHaveProperty("ip_address");
  });

  it("is silently not stored or sent once an address has sent more than the limit", async () => {
    const ip = someIp();
    // The limit counts in fixed windows of RATE_SUSTAINED_SECONDS (300 here): start well inside one.
    await expect.poll(() => (Date.now() / 1000) % 300 < 270, { timeout: 40_000, interval: 1000 }).toBe(true);
    const markers = Array.from({ length: 5 }, () => `fb-${randomUUID().slice(0, 8)}`);
    for (const marker of markers) {
      const answer = await post("/feedback", { comment: `Comment ${marker}` }, { ip });
      expect(answer.status).toBe(202);
    }
    const kept = (await Promise.all(markers.map(stored))).map((items) => items.length);
    // e-petitions refuses once the earlier pieces exceed its rate of 2: three are taken.
    expect(kept).toEqual([1, 1, 1, 0, 0]);
    const mails = await mailTo(TEAM, /Feedback from the/);
    expect(markers.map((m) => mails.filter((mail) => mail.text.includes(m)).length)).toEqual([1, 1, 1, 0, 0]);
    // Another address is unaffected.
    const other = `fb-${randomUUID().slice(0, 8)}`;
    expect((await post("/feedback", { comment: other })).status).toBe(202);
    expect(await stored(other)).toHaveLength(1);
  });

  it("refuses a missing or too long comment and a malformed email, naming the field and storing nothing", async () => {
    const before = (await tableSnapshot()).filter((i) => i.entity === "FEEDBACK").length;
    for (const [body, field] of [
      [{ comment: "" }, "comment"],
      [{ comment: "x".repeat(32_769) }, "comment"],
      [{ comment: "ok", email: "not-an-email" }, "email"],
      [{ comment: "ok", petition_link_or_title: "t".repeat(256) }, "petition_link_or_title"],
    ] as const) {
      const answer = await post<{ errors: { field: string }[] }>("/feedback", body);
      expect(answer.status, field).toBe(422);
      expect(answer.body.errors[0]?.field).toBe(field);
    }
    expect((await post("/feedback", { comment: "x".repeat(32_768) })).status).toBe(202);
    expect((await tableSnapshot()).filter((i) => i.entity === "FEEDBACK").length).toBe(before + 1);
  });

  it("is read by moderators and sysadmins only", async () => {
    expect((await get("/admin/feedback")).status).toBe(401);
    expect((await get("/admin/feedback", { token: await staffToken("sysadmin") })).status).toBe(200);
  });

  it("is a GOV.UK form that posts and thanks the sender", async () => {
    const page = await call("GET", "/feedback", { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="comment"');
    const thanks = await call("GET", "/feedback/thanks", { headers: { accept: "text/html" } });
    expect(thanks.text).toContain("Your feedback has been sent");
  });
});
