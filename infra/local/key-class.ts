/**
 * The class of an item key (`PK|SK`, as the engine's call log writes it), by which the hot
 * petition bench groups writes per key and the index tally (index-writes.ts) sums index writes.
 */

/**
 * A key's class: its partition key's words and its sort key's (the upper-case segments, at most
 * two: `PETITION#COUNTS` is not the document `PETITION`), ids, hashes and shard ids left out.
 */
export function keyClass(key: string): string {
  const [pk = "", sk = ""] = key.split("|");
  const word = (part: string) =>
    /^\d/.test(part)
      ? "n"
      : part
          .split("#")
          .filter((segment) => /^[A-Z_]+$/.test(segment))
          .slice(0, 2)
          .join("_")
          .toLowerCase() || "item";
  return `${word(pk)}.${word(sk)}`;
}
