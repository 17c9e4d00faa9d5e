/**
 * A message needs a claim before it is sent only when a sweep could reach it before the sender's
 * invocation stops: the sweeper reads only messages in its queue (which a message joins when the
 * stream consumer has given up on it) queued OUTBOX_SWEEP_AFTER_MINUTES ago.
 */
import { describe, expect, it } from "vitest";
import { CLOCK_MARGIN_MS, needsClaim } from "../../shared/mail/deliver.ts";

const now = Date.parse("2026-12-07T12:00:00.000Z");
const window = { endsBy: now + 10_000, sweepAfterMinutes: 15 };

describe("claiming an outbox message", () => {
  it("sends a fresh message from the stream unclaimed: no sweep reaches it before the invocation stops", () => {
    expect(needsClaim(now - 1_000, window)).toBe(false);
    expect(needsClaim(now - 13 * 60_000, window)).toBe(false);
  });

  it("claims one a sweep could reach before the invocation stops, clocks' margin included", () => {
    const reachable = window.endsBy + CLOCK_MARGIN_MS - 15 * 60_000;
    expect(needsClaim(reachable, window)).toBe(true);
    expect(needsClaim(reachable + 1, window)).toBe(false);
    expect(needsClaim(now - 3_600_000, window)).toBe(true);
  });

  it("always claims a queued message for a sender without a window (the sweeper)", () => {
    expect(needsClaim(now, undefined)).toBe(true);
    expect(needsClaim(now, { ...window, sweepAfterMinutes: 0 })).toBe(true);
  });

  it("sends a message outside the sweeper's queue unclaimed: it joins the queue only after the stream gives up", () => {
    expect(needsClaim(null, window)).toBe(false);
    expect(needsClaim(null, { ...window, sweepAfterMinutes: 0 })).toBe(false);
    // Whoever sends it: no sweep can reach it.
    expect(needsClaim(null, undefined)).toBe(false);
  });
});
