import { describe, expect, it } from "vitest";
import { billedDuration, cpuStretch, FULL_VCPU_MB } from "../bench/lambda-billing.ts";

describe("the Lambda duration the capacity model bills", () => {
  it("stretches the CPU part to the function's vCPU share and keeps the waiting as measured", () => {
    // 512 MB has 512/1769 of a vCPU: 10 ms of one core's CPU takes 34.55 ms; 30 ms waiting stays 30.
    const billed = billedDuration(512, { loaded: 264, unloaded: 40, cpu: 10 });
    expect(billed.basis).toBe("unloaded");
    expect(billed.cpuMs).toBeCloseTo((10 * 1769) / 512, 9);
    expect(billed.waitMs).toBe(30);
    expect(billed.ms).toBeCloseTo(30 + (10 * 1769) / 512, 9);
  });

  it("bills the CPU as measured at one full vCPU and never less above it", () => {
    expect(billedDuration(FULL_VCPU_MB, { loaded: 100, unloaded: 40, cpu: 10 }).ms).toBe(40);
    // A handler runs on one thread: 3,538 MB (two vCPUs) does not halve its CPU time.
    expect(billedDuration(2 * FULL_VCPU_MB, { loaded: 100, unloaded: 40, cpu: 10 }).ms).toBe(40);
    expect(cpuStretch(1024)).toBeCloseTo(1769 / 1024, 12);
    expect(cpuStretch(4096)).toBe(1);
  });

  it("counts no negative waiting when the process's CPU exceeds the wall time", () => {
    const billed = billedDuration(1024, { loaded: 50, unloaded: 8, cpu: 9 });
    expect(billed.waitMs).toBe(0);
    expect(billed.ms).toBeCloseTo((9 * 1769) / 1024, 9);
  });

  it("falls back to the loaded duration when the unloaded figures are missing", () => {
    expect(billedDuration(512, { loaded: 264 })).toEqual({ ms: 264, basis: "loaded", cpuMs: 0, waitMs: 0 });
    expect(billedDuration(512, { loaded: 137, unloaded: 40 })).toMatchObject({ ms: 137, basis: "loaded" });
    expect(billedDuration(512, { loaded: 137, cpu: Number.NaN, unloaded: 40 })).toMatchObject({
      ms: 137,
      basis: "loaded",
    });
  });
});
