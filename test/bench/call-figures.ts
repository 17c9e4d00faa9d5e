/**
 * Figures from the local engine's call log (/_local/calls): round trips per request counted call
 * by call, writes per item key, and the index writes AWS would charge on top of the table units
 * DynamoDB Local reports (it reports table units only), which the engine computes from every
 * stream record's old and new images while the log records (infra/local/index-writes.ts).
 */
import type { CallEntry } from "../../infra/local/call-log.ts";
import type { IndexWriteTally } from "../../infra/local/index-writes.ts";
import { type Figure, figure, percentile } from "./figures.ts";

export async function startCallLog(url: string): Promise<void> {
  const answer = await fetch(`${url}/_local/calls`, { method: "POST" });
  if (!answer.ok) throw new Error(`the engine's call log did not start: ${answer.status}`);
}

export type IndexWrites = ReturnType<IndexWriteTally["summary"]>;

/** The log so far and the index writes it saw; recording stops and the engine drops both. */
export async function takeRecording(url: string): Promise<{ calls: CallEntry[]; indexWrites: IndexWrites }> {
  const answer = (await (await fetch(`${url}/_local/calls`)).json()) as {
    calls: CallEntry[];
    indexWrites: IndexWrites;
  };
  await fetch(`${url}/_local/calls`, { method: "DELETE" });
  return answer;
}

/** The log so far; recording stops and the engine drops it. */
export async function takeCallLog(url: string): Promise<CallEntry[]> {
  return (await takeRecording(url)).calls;
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
 * Index write units per confirmed signature, per index and in all, as AWS would charge them for
 * what the engine's stream showed happened (puts, deletes and their entry sizes); next to them
 * the table's own units (DynamoDB Local's total less what it charged its indexes) and what
 * DynamoDB Local charged the indexes itself, as a check.
 */
export function indexWriteFigures(
  indexWrites: IndexWrites,
  confirmed: number,
  units: { writeUnits: number; indexWriteUnits: number },
  floor: { label: string; value: number },
): Figure[] {
  const per = (n: number) => n / Math.max(1, confirmed);
  const table = per(units.writeUnits - units.indexWriteUnits);
  return [
    ...Object.entries(indexWrites.byIndex).map(([index, w]) =>
      figure(`signing.index_write_units_per_signature.${index}`, per(w.units), "WCU"),
    ),
    figure("signing.index_write_units_per_signature", per(indexWrites.units), "WCU"),
    // The same units by the kind of item whose change cost them (the counter's, the request path's).
    ...Object.entries(indexWrites.byItem).map(([kind, n]) =>
      figure(`signing.index_write_units_per_signature.by_item.${kind}`, per(n), "WCU"),
    ),
    figure("signing.dynamodb_local_index_write_units_per_signature", per(units.indexWriteUnits), "WCU"),
    figure("signing.table_write_units_per_signature", table, "WCU"),
    figure("signing.write_units_per_signature_with_indexes", table + per(indexWrites.units), "WCU", floor),
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
