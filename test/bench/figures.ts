/**
 * What every benchmark reports, and the helpers they share: percentiles, rounding and the one
 * table `npm run bench` prints. A benchmark group is an async function from a BenchContext to
 * a list of figures; test/bench/main.ts runs the groups and writes bench/results.json.
 */
import type { Engine } from "../../infra/local/engine.ts";

export interface Figure {
  /** Dotted, stable: `<group>.<what>[.<detail>]`, the key in bench/results.json. */
  name: string;
  value: number;
  unit: string;
  /** The reference this value is measured against (a floor, a baseline, a published figure). */
  comparedWith?: string;
  /** value / the reference's value. */
  ratio?: number;
}

export interface BenchContext {
  /** The project root (package.json, infra/, functions/). */
  root: string;
  /** The command line after `npm run bench --`. */
  args: readonly string[];
  /** Progress lines (stderr); the table goes to stdout. */
  log(line: string): void;
  /**
   * The local engine, in process, in memory, on free ports, default settings; started on first
   * use and shared by the groups of one run, stopped by main.ts at the end.
   */
  engine(): Promise<Engine>;
  /** A soft time budget for the group, in ms: a group stops adding samples once it is spent. */
  budgetMs: number;
}

export type BenchGroup = (ctx: BenchContext) => Promise<Figure[]>;

/** The p-th percentile (0-100) by linear interpolation; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const mean = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Rounds to a few significant digits for display and storage (integers stay integers). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value * 10) / 10;
  return Number(value.toPrecision(digits));
}

/** A figure with its ratio to a reference value computed (and rounded). */
export function figure(
  name: string,
  value: number,
  unit: string,
  reference?: { label: string; value: number },
): Figure {
  const out: Figure = { name, value: round(value), unit };
  if (reference) {
    out.comparedWith = reference.label;
    if (Number.isFinite(reference.value) && reference.value !== 0) out.ratio = round(value / reference.value);
  }
  return out;
}

const displayNumber = (value: number) =>
  Number.isFinite(value) ? value.toLocaleString("en-GB", { maximumFractionDigits: 3 }) : String(value);

/** The report as a plain-text table: figure, value, unit, compared with, ratio. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ["figure", "value", "unit", "compared with", "ratio"];
  const rows = figures.map((f) => [
    f.name,
    displayNumber(f.value),
    f.unit,
    f.comparedWith ?? "",
    f.ratio === undefined ? "" : `${displayNumber(f.ratio)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 || i === 4 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export { setTimeout as sleep } from "node:timers/promises";
export { pool } from "../../shared/pool.ts";
