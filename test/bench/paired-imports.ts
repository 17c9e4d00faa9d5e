/**
 * The order of one round of cold imports, so each function's import has its SDK probe's beside
 * it in time: functions sharing a probe are run in blocks, each block between two imports of that
 * probe. A function's paired ratio in the round is its import over the mean of the two probe
 * imports around its block; the median over rounds cancels a change of machine load between a
 * function and a probe timed far from it, which the ratio of the two medians does not.
 */

/** A probe's import, then up to `size` functions that share the probe, then the probe again. */
export interface ImportBlock {
  probe: string;
  functions: string[];
}

/** `probeOf`'s functions in blocks of at most `size`, each block holding one probe's functions. */
export function importBlocks(probeOf: ReadonlyMap<string, string>, size: number): ImportBlock[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Not a block size: ${size}`);
  const byProbe = new Map<string, string[]>();
  for (const [fn, probe] of probeOf) byProbe.set(probe, [...(byProbe.get(probe) ?? []), fn]);
  const blocks: ImportBlock[] = [];
  for (const [probe, functions] of byProbe) {
    // As few blocks as `size` allows, as even as can be: 13 functions, at most 6 to a block, are
    // 5, 4 and 4, not 6, 6 and 1.
    const count = Math.ceil(functions.length / size);
    const shortest = Math.floor(functions.length / count);
    const longer = functions.length % count;
    let start = 0;
    for (let block = 0; block < count; block++) {
      const length = shortest + (block < longer ? 1 : 0);
      blocks.push({ probe, functions: functions.slice(start, start + length) });
      start += length;
    }
  }
  return blocks;
}

/** One block's imports, as timed: the probe before, each function, the probe after. */
export interface BlockTimes {
  probeBefore: number;
  functions: ReadonlyMap<string, number>;
  probeAfter: number;
}

/** Each function's import over the mean of the two probe imports around it. */
export function pairedRatios({ probeBefore, functions, probeAfter }: BlockTimes): Map<string, number> {
  const probe = (probeBefore + probeAfter) / 2;
  if (!(probe > 0)) throw new RangeError(`No probe time: ${probeBefore} and ${probeAfter}`);
  return new Map([...functions].map(([fn, ms]) => [fn, ms / probe]));
}
