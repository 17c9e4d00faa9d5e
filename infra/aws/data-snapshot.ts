/**
 * The UK data and the members as read and checked at bundle time (shared/geo/uk-data.ts
 * `readUkData`, shared/geo/members.ts `readMembers`), written once per process (per synth) from
 * the data directory whose files the bundles carry, so each function that reads the data parses
 * its snapshots at its cold start instead of checking the CSV files, and carries no CSV reader.
 * The postcode range table is written decoded, as bytes a cold start views in place.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MEMBERS_SNAPSHOT, readMembers } from "../../shared/geo/members.ts";
import {
  readUkData,
  UK_DATA_SNAPSHOT,
  UK_RANGES_SNAPSHOT,
  writeUkDataSnapshot,
} from "../../shared/geo/uk-data.ts";
import { writtenOnce } from "./build-files.ts";

/** The snapshots' names, as the bundles' data directory holds them. */
export const DATA_SNAPSHOTS = [UK_DATA_SNAPSHOT, UK_RANGES_SNAPSHOT, MEMBERS_SNAPSHOT] as const;

/** The directory holding the snapshots for `dataDir`, written on first use. Throws on bad data, naming the file. */
export function dataSnapshotDir(dataDir: string): string {
  const source = resolve(dataDir);
  return writtenOnce(`data-snapshots:${source}`, (into) => {
    writeUkDataSnapshot(into, readUkData(source));
    writeFileSync(join(into, MEMBERS_SNAPSHOT), JSON.stringify(readMembers(source)));
  });
}
