/**
 * Figures from the local engine's call log (/_local/calls): round trips per request counted call
 * by call, writes per item key, and the index writes AWS would charge on top of the table units
 * DynamoDB Local reports (it reports table units only), added by rule as the capacity model
 * derives them (test/bench/capacity.ts).
 */
import type { CallEntry } from "../../infra/local/call-log.ts";
import { type Figure, figure, percentile } from "./figures.ts";

export async function startCallLog(url: string): Promise<void> {
  const answer = await fetch(`${url}/_local/calls`, { method: "POST" });
  if (!answer.ok) throw new Error(`the engine's call log did not start: ${answer.status}`);
}

/** The log so far; recording stops and the engine drops it. */
export async function takeCallLog(url: string): Promise<CallEntry[]> {
  const { calls } = (await (await fetch(`${url}/_local/calls`)).json()) as { calls: CallEntry[] };
  await fetch(`${url}/_local/calls`, { method: "DELETE" });
  return calls;
}

/** Calls per invocation of `fn`. */
export function callsPerInvocation(calls: readonly CallEntry[], fn: string): number[] {
  const counts = new Map<string, number>();
  for (const c of calls) if (c.fn === fn) counts.set(c.invocation, (counts.get(c.invocation) ?? 0) + 1);
  return [...counts.values()];
}

/** Successful writes per item key. */
export function writesPerKey(calls: readonly CallEntry[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const c of calls) {
    if (c.failed) continue;
    for (const key of c.writes) out.set(key, [...(out.get(key) ?? []), c.at]);
  }
  return out;
}

/**
 * Index write units by rule, per confirmed signature: the signers index and the staff-search
 * indexes byEmail and byIp each rewrite a signature's entry (about 1 KB, 1 WCU) on each write to
 * a signature item that carries their index keys (every live one does); the
 * petition item's count-keyed indexes (visible and byState: delete + put, due, newest: 6 writes)
 * move the whole item (`petitionKb`, rounded up) on each write to it.
 */
export function indexWriteFigures(
  calls: readonly CallEntry[],
  confirmed: number,
  petitionKb: number,
  tableWriteUnits: number,
  floor: { label: string; value: number },
): Figure[] {
  let signatureWrites = 0;
  let petitionWrites = 0;
  for (const [key, times] of writesPerKey(calls)) {
    if (key.startsWith("SIGNATURE#")) signatureWrites += times.length;
    else if (key.endsWith("|PETITION") && key.startsWith("PETITION#")) petitionWrites += times.length;
  }
  const signers = signatureWrites / confirmed;
  const search = (2 * signatureWrites) / confirmed;
  const petition = (petitionWrites * 6 * Math.ceil(petitionKb)) / confirmed;
  return [
    figure("signing.index_write_units_per_signature.signers", signers, "WCU (by rule)"),
    figure("signing.index_write_units_per_signature.search_indexes", search, "WCU (by rule)"),
    figure("signing.index_write_units_per_signature.petition_indexes", petition, "WCU (by rule)"),
    figure(
      "signing.write_units_per_signature_with_indexes",
      tableWriteUnits + signers + search + petition,
      "WCU",
      floor,
    ),
  ];
}

/** Round trips per sign and per verify request, call by call from the engine's log. */
export function roundTripFigures(calls: readonly CallEntry[]): Figure[] {
  const out: Figure[] = [];
  for (const [fn, label] of [
    ["SignPetition", "sign"],
    ["VerifySignature", "verify"],
  ] as const) {
    const counts = callsPerInvocation(calls, fn);
    const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
    out.push(
      figure(`signing.call_log.${label}_request.calls_mean`, mean, "calls", { label: "at most 2", value: 2 }),
      figure(`signing.call_log.${label}_request.calls_p99`, percentile(counts, 99), "calls"),
      figure(`signing.call_log.${label}_request.calls_max`, Math.max(0, ...counts), "calls"),
    );
  }
  return out;
}
