/**
 * The UK data as read and checked at bundle time (shared/geo/uk-data.ts `readUkData`), written
 * once per process (per synth) from the data directory whose files the bundles carry, so each
 * function that reads the data parses one file at its cold start instead of checking six.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readUkData, UK_DATA_SNAPSHOT } from "../../shared/geo/uk-data.ts";

const written = new Map<string, string>();

/** The snapshot's file for `dataDir`, written on first use. Throws on bad data, naming the file. */
export function ukDataSnapshotFile(dataDir: string): string {
  const key = resolve(dataDir);
  let file = written.get(key);
  if (file === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "petitions-uk-data-"));
    // The bundles have their copies by the time the process (the synth) ends.
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    file = join(dir, UK_DATA_SNAPSHOT);
    writeFileSync(file, JSON.stringify(readUkData(key)));
    written.set(key, file);
  }
  return file;
}
