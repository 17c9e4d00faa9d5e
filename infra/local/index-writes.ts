/**
 * The global secondary index writes AWS would charge for what the table's stream shows happened
 * (DynamoDB Local reports table units only). Per the DynamoDB developer guide ("Provisioned
 * throughput considerations for global secondary indexes", writes): an item gaining an index's
 * keys puts its entry; losing them deletes it; a changed index key deletes the old entry and puts
 * the new; a change to a projected attribute alone puts the entry; an item in the index neither
 * before nor after costs nothing. Each write is the entry's size in 1 KB units; an entry is the
 * table's and the index's keys, the projected attributes and 100 bytes of overhead ("Storage
 * considerations for global secondary indexes"), sized as "Item sizes and formats" says.
 */
import { type IndexDefinition, tableDefinition } from "../../shared/db/table.ts";
import { keyClass } from "./key-class.ts";

/** A stream image's value: one DynamoDB type member. */
export type StreamValue = {
  S?: string;
  N?: string;
  B?: unknown;
  BOOL?: boolean;
  NULL?: boolean;
  SS?: string[];
  NS?: string[];
  BS?: unknown[];
  L?: StreamValue[];
  M?: Record<string, StreamValue>;
};
export type StreamImage = Record<string, StreamValue>;

const utf8 = (text: string) => Buffer.byteLength(text, "utf8");

/** A number's size: about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^[-+]/, "")
    .replace(/[eE].*$/, "")
    .replace(".", "")
    .replace(/^0+/, "");
  return Math.ceil(Math.max(1, digits.replace(/0+$/, "").length) / 2) + 1;
}

function binarySize(value: unknown): number {
  if (typeof value === "string") return Buffer.from(value, "base64").length;
  if (value instanceof Uint8Array) return value.length;
  return 0;
}

/** A key attribute's text. */
const keyText = (value: StreamValue | undefined) => value?.S ?? value?.N ?? "";

/** One value's size in bytes, as DynamoDB counts it towards an item's size. */
export function valueSize(value: StreamValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return binarySize(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((n, s) => n + utf8(s), 0);
  if (value.NS) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS) return value.BS.reduce((n: number, b) => n + binarySize(b), 0);
  if (value.L) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + utf8(k) + valueSize(v), 0);
  return 0;
}

/** Bytes an index entry adds for its own bookkeeping. */
const ENTRY_OVERHEAD = 100;

/** The entry an item has in an index (its attributes), or null when the item is not in it. */
export function entryOf(image: StreamImage | undefined, index: IndexDefinition): StreamImage | null {
  if (!image?.[index.partitionKey] || !image[index.sortKey]) return null;
  const keys = [tableDefinition.partitionKey, tableDefinition.sortKey, index.partitionKey, index.sortKey];
  const names =
    index.projection.type === "ALL"
      ? Object.keys(image)
      : [...keys, ...(index.projection.type === "INCLUDE" ? index.projection.attributes : [])];
  const entry: StreamImage = {};
  for (const name of names) {
    const value = image[name];
    if (value !== undefined) entry[name] = value;
  }
  return entry;
}

/** An entry's write units: its attributes and the overhead, in whole kilobytes. */
export function entryUnits(entry: StreamImage): number {
  const bytes = Object.entries(entry).reduce((n, [name, value]) => n + utf8(name) + valueSize(value), 0);
  return Math.ceil((bytes + ENTRY_OVERHEAD) / 1024);
}

/** Order-independent text of a value, to tell whether an attribute changed. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString("base64"));
  return JSON.stringify(value);
}

export interface IndexWrite {
  puts: number;
  deletes: number;
  units: number;
}

/** What one item's change (its old and new images; either may be absent) costs one index. */
export function indexWrite(
  oldImage: StreamImage | undefined,
  newImage: StreamImage | undefined,
  index: IndexDefinition,
): IndexWrite {
  const before = entryOf(oldImage, index);
  const after = entryOf(newImage, index);
  const put = (entry: StreamImage) => ({ puts: 1, deletes: 0, units: entryUnits(entry) });
  const remove = (entry: StreamImage) => ({ puts: 0, deletes: 1, units: entryUnits(entry) });
  if (!before && !after) return { puts: 0, deletes: 0, units: 0 };
  if (!before && after) return put(after);
  if (before && !after) return remove(before);
  const [old, now] = [before as StreamImage, after as StreamImage];
  const keyOf = (entry: StreamImage) => canonical([entry[index.partitionKey], entry[index.sortKey]]);
  if (keyOf(old) !== keyOf(now)) {
    const gone = remove(old);
    const added = put(now);
    return { puts: 1, deletes: 1, units: gone.units + added.units };
  }
  return canonical(old) === canonical(now) ? { puts: 0, deletes: 0, units: 0 } : put(now);
}

/** Index writes summed per index, and per class of item key written (key-class.ts), over the stream records seen. */
export class IndexWriteTally {
  private totals = new Map<string, IndexWrite>();
  private itemUnits = new Map<string, number>();
  records = 0;

  constructor(private readonly indexes: readonly IndexDefinition[] = tableDefinition.indexes) {}

  add(oldImage: StreamImage | undefined, newImage: StreamImage | undefined): void {
    this.records += 1;
    const image = newImage ?? oldImage;
    // The item's key class, worked out once, on its first index write.
    let kind: string | undefined;
    for (const index of this.indexes) {
      const write = indexWrite(oldImage, newImage, index);
      if (write.puts + write.deletes === 0) continue;
      if (image) {
        kind ??= keyClass(`${keyText(image.PK)}|${keyText(image.SK)}`);
        this.itemUnits.set(kind, (this.itemUnits.get(kind) ?? 0) + write.units);
      }
      const total = this.totals.get(index.name) ?? { puts: 0, deletes: 0, units: 0 };
      this.totals.set(index.name, {
        puts: total.puts + write.puts,
        deletes: total.deletes + write.deletes,
        units: total.units + write.units,
      });
    }
  }

  /** Per index and per class of item key (only those written), the records seen and the units in all. */
  summary(): {
    records: number;
    units: number;
    byIndex: Record<string, IndexWrite>;
    byItem: Record<string, number>;
  } {
    const sorted = <T>(map: Map<string, T>) =>
      Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
    const units = [...this.totals.values()].reduce((n, w) => n + w.units, 0);
    return { records: this.records, units, byIndex: sorted(this.totals), byItem: sorted(this.itemUnits) };
  }

  clear(): void {
    this.totals = new Map();
    this.itemUnits = new Map();
    this.records = 0;
  }
}
