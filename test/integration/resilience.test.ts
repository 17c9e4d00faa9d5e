import { describe, expect, it } from "vitest";
import { service } from "../support/api.ts";
import { runResilienceScenario } from "../support/resilience.ts";

describe("1,000 signature attempts while 10% of DynamoDB and SES calls fail", () => {
  it("ends with the exact count, every owed email sent once, nothing stuck", async () => {
    const result = await runResilienceScenario(service, {
      attempts: 1000,
      faultRate: 0.1,
      seed: 42,
      concurrency: 16,
    });
    expect(result.injectedFaults).toBeGreaterThan(100);
    expect(result.published).toBe(result.validatedInTable);
    expect(result.published).toBeGreaterThanOrEqual(result.expectedRange[0]);
    expect(result.published).toBeLessThanOrEqual(result.expectedRange[1]);
    expect(result.breakdowns.country).toBe(result.published);
    expect(result.breakdowns.region).toBe(result.published);
    expect(result.breakdowns.constituencyPlusUnplaced).toBe(result.published);
    expect(result.mailMismatches).toEqual([]);
    expect(result.stuckOutbox).toBe(0);
    expect(result.deadLetters).toBe(0);
  });
});
