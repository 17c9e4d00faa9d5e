/** The product's own TypeScript sources, read from disk, for tests that check how they are written. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  file: string;
  text: string;
}

/** Every `.ts` file under these folders (relative to the project root). */
export function sourcesUnder(...folders: string[]): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts"))
        found.push({ file: rel, text: readFileSync(path.join(projectRoot, rel), "utf8") });
    }
  };
  for (const folder of folders) walk(folder);
  return found;
}

/** What a source file imports: package names as written, relative paths resolved from the project root. */
export function importsOf({ file, text }: SourceFile): string[] {
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g),
  ].map((match) => (match[1] ?? match[2]) as string);
  return specifiers.map((specifier) =>
    specifier.startsWith(".")
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
      : specifier,
  );
}

/** The project's package.json, as the bundles' tests read it. */
export interface ProjectManifest {
  dependencies: Record<string, string>;
  sideEffects?: unknown;
}

export function projectManifest(): ProjectManifest {
  return JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as ProjectManifest;
}

/** The AWS SDK clients among the runtime dependencies (what a bundle may carry). */
export const sdkClientDependencies = (): string[] =>
  Object.keys(projectManifest().dependencies).filter((name) => name.startsWith("@aws-sdk/client-"));
