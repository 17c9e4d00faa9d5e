/**
 * Where the browser tests find Chromium: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`
 * (playwright-core never downloads a browser). Without one the browser tests stop at once with
 * one line naming the package, before an engine starts.
 */
import { accessSync, constants } from "node:fs";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Thrown when no Chromium is where the browser tests look: its message is the whole report. */
export class MissingChromiumError extends Error {
  constructor(path: string) {
    super(
      `Browser tests need Debian's chromium: apt-get install -y chromium (nothing runnable at ${path}; CHROMIUM_PATH names another)`,
    );
    this.name = "MissingChromiumError";
    // One line: where it was thrown from says nothing the message does not.
    this.stack = this.message;
  }
}

/** The Chromium to launch: the path given if it is a runnable file. */
export function findChromium(path: string = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new MissingChromiumError(path);
  }
  return path;
}

/**
 * The e2e project's first global setup: no browser, no run. The one line is the whole report
 * (thrown, vitest would add a banner and "No test files found" around it).
 */
export default function requireChromium(): void {
  try {
    findChromium();
  } catch (error) {
    if (!(error instanceof MissingChromiumError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
