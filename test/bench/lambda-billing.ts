/**
 * What Lambda bills for one invocation, from what the signing bench measured locally. Lambda
 * bills an execution environment's time, and an environment serves one invocation at a time
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html): the time an invocation
 * spends queued behind others in the bench's one shared Node process is not billed. So the
 * unloaded figures (one invocation at a time) are used, split in two:
 * - CPU time, measured on one local core, stretched to the vCPU share Lambda gives a function of
 *   M MB: CPU in proportion to memory, one full vCPU at 1,769 MB
 *   (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). Node runs a
 *   handler on one thread, so above 1,769 MB the CPU part does not shrink further.
 * - The rest of the wall time, waiting on DynamoDB and SES (local emulators here), as measured.
 */

/** The memory at which a function has one vCPU's worth of CPU. */
export const FULL_VCPU_MB = 1769;

export interface MeasuredDuration {
  /** ms per invocation under the bench's load (`signing.per_signature.<Fn>.duration`). */
  loaded: number;
  /** ms per invocation, one at a time (`signing.unloaded.<Fn>.duration`), when measured. */
  unloaded?: number | undefined;
  /** CPU ms per invocation, one at a time (`signing.unloaded.<Fn>.cpu`), when measured. */
  cpu?: number | undefined;
}

export interface BilledDuration {
  /** ms billed per invocation. */
  ms: number;
  /** "unloaded": CPU stretched to the function's vCPU share plus waiting; "loaded": the loaded D as is. */
  basis: "unloaded" | "loaded";
  /** Of `ms`, the CPU part and the waiting part (both 0 on the loaded basis). */
  cpuMs: number;
  waitMs: number;
}

/** How much longer CPU work takes on a function of `memoryMB` than on one full vCPU. */
export const cpuStretch = (memoryMB: number): number => Math.max(1, FULL_VCPU_MB / memoryMB);

const measured = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x >= 0;

/**
 * D_billed = cpu x max(1, 1769 / M) + max(0, unloaded - cpu); the loaded duration when the
 * unloaded figures are missing. CPU above the wall time (garbage collection on other threads)
 * leaves no waiting time, never a negative one.
 */
export function billedDuration(memoryMB: number, d: MeasuredDuration): BilledDuration {
  if (!measured(d.unloaded) || !measured(d.cpu) || !(memoryMB > 0))
    return { ms: d.loaded, basis: "loaded", cpuMs: 0, waitMs: 0 };
  const cpuMs = d.cpu * cpuStretch(memoryMB);
  const waitMs = Math.max(0, d.unloaded - d.cpu);
  return { ms: cpuMs + waitMs, basis: "unloaded", cpuMs, waitMs };
}
