/** `debate_scheduled_on` is the day a debate was scheduled (e-petitions' Petition#update_debate_state). */
import { describe, expect, it } from "vitest";
import { presentAttributes } from "../../shared/petitions/present.ts";
import { scheduledStamp } from "../../shared/petitions/responses.ts";
import { petitionRecord } from "../support/petition-record.ts";

const now = new Date("2026-06-10T23:30:00.000Z");

describe("when a debate was scheduled", () => {
  it("is stamped the first time a future date is set, and kept after", () => {
    expect(scheduledStamp({}, "2026-07-01", now)).toEqual({ debate_scheduled_at: now.toISOString() });
    const earlier = "2026-05-01T09:00:00.000Z";
    expect(scheduledStamp({ debate_scheduled_at: earlier }, "2026-08-01", now)).toEqual({
      debate_scheduled_at: earlier,
    });
  });

  it("is not stamped for a day not in the future, nor without a date", () => {
    // 23:30 UTC on 10 June is 11 June in London.
    expect(scheduledStamp({}, "2026-06-11", now)).toEqual({});
    expect(scheduledStamp({}, undefined, now)).toEqual({});
  });

  it("shows as debate_scheduled_on, the London day of the stamp, apart from the debate's day", () => {
    const p = petitionRecord(7, {
      scheduled_debate_date: "2026-07-01",
      debate_scheduled_at: now.toISOString(),
    });
    const attributes = presentAttributes(p);
    expect(attributes.debate_scheduled_on).toBe("2026-06-11");
    expect(attributes.scheduled_debate_date).toBe("2026-07-01");
    expect(
      presentAttributes(petitionRecord(8, { scheduled_debate_date: "2026-07-01" })).debate_scheduled_on,
    ).toBeNull();
  });
});
