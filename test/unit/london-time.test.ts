import { describe, expect, it } from "vitest";
import { londonTimestamp, londonTimestampOf } from "../../shared/domain/london-time.ts";

describe("London times, as Rails writes a time of the London zone in JSON", () => {
  it("writes winter times at +00:00 and summer times at +01:00, with milliseconds", () => {
    expect(londonTimestamp(new Date("2025-01-02T03:04:05.000Z"))).toBe("2025-01-02T03:04:05.000+00:00");
    expect(londonTimestamp(new Date("2025-07-02T03:04:05.123Z"))).toBe("2025-07-02T04:04:05.123+01:00");
    expect(londonTimestamp(new Date("2025-07-02T23:30:00.007Z"))).toBe("2025-07-03T00:30:00.007+01:00");
  });

  it("crosses the clock changes at 01:00 UTC", () => {
    expect(londonTimestamp(new Date("2025-03-30T00:59:59.999Z"))).toBe("2025-03-30T00:59:59.999+00:00");
    expect(londonTimestamp(new Date("2025-03-30T01:00:00.000Z"))).toBe("2025-03-30T02:00:00.000+01:00");
    expect(londonTimestamp(new Date("2025-10-26T00:59:59.000Z"))).toBe("2025-10-26T01:59:59.000+01:00");
    expect(londonTimestamp(new Date("2025-10-26T01:00:00.000Z"))).toBe("2025-10-26T01:00:00.000+00:00");
  });

  it("reads stored timestamps, and null for none", () => {
    expect(londonTimestampOf("2025-06-01T12:00:00Z")).toBe("2025-06-01T13:00:00.000+01:00");
    expect(londonTimestampOf(undefined)).toBeNull();
    expect(londonTimestampOf(null)).toBeNull();
  });
});
