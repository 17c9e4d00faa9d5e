import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findChromium, MissingChromiumError } from "../support/chromium.ts";

describe("finding the browser for the browser tests", () => {
  const dir = mkdtempSync(join(tmpdir(), "chromium-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names the Debian package to install, in one line, when there is no browser at the path", () => {
    const missing = join(dir, "no-such-chromium");
    let thrown: unknown;
    try {
      findChromium(missing);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MissingChromiumError);
    const { message, stack } = thrown as Error;
    expect(message).toMatch(/^Browser tests need Debian's chromium: apt-get install -y chromium /);
    expect(message).toContain(missing);
    expect(message).not.toContain("\n");
    expect(stack).toBe(message);
  });

  it("refuses a file that cannot be run", () => {
    const notRunnable = join(dir, "chromium-text");
    writeFileSync(notRunnable, "not a program", { mode: 0o644 });
    expect(() => findChromium(notRunnable)).toThrow(MissingChromiumError);
  });

  it("gives back a path it can run", () => {
    expect(findChromium(process.execPath)).toBe(process.execPath);
  });
});
