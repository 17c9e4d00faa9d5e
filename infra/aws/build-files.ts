/**
 * Files a synth writes for the bundles to copy (the precompiled views, the UK data snapshot):
 * each written once per process and key into a temporary directory of its own, removed when the
 * process (the synth) ends, by which time every bundle has its copy.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const written = new Map<string, string>();

/** The directory `write` filled for `key`, written on first use. */
export function writtenOnce(key: string, write: (dir: string) => void): string {
  let dir = written.get(key);
  if (dir === undefined) {
    const made = mkdtempSync(join(tmpdir(), "petitions-build-"));
    process.once("exit", () => rmSync(made, { recursive: true, force: true }));
    write(made);
    written.set(key, made);
    dir = made;
  }
  return dir;
}
