/**
 * The UK data as read and checked at bundle time (shared/geo/uk-data.ts `readUkData`), written
 * once per process (per synth) from the data directory whose files the bundles carry, so each
 * function that reads the data parses one file at its cold start instead of checking six.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readUkData, UK_DATA_SNAPSHOT } from "../../shared/geo/uk-data.ts";
import { writtenOnce } from "./build-files.ts";

/** The snapshot's file for `dataDir`, written on first use. Throws on bad data, naming the file. */
export function ukDataSnapshotFile(dataDir: string): string {
  const source = resolve(dataDir);
  const dir = writtenOnce(`uk-data:${source}`, (into) =>
    writeFileSync(join(into, UK_DATA_SNAPSHOT), JSON.stringify(readUkData(source))),
  );
  return join(dir, UK_DATA_SNAPSHOT);
}
