/**
 * SDK clients whose schemas esbuild cannot tree-shake as published, given to the bundles as a copy
 * it can. SES v2 (REST-JSON) writes each operation's HTTP binding, and some members' query
 * bindings, as a trait object keyed by a module constant: `{ [_h]: ["POST", "/v2/email/outbound-emails", 200] }`
 * with `const _h = "http"`. esbuild treats any computed key as a possible side effect (converting
 * the key to a string can run code), so it keeps every one of the 117 operations' schemas and all
 * they reach (~47 KiB minified) in a bundle that sends one. The copy writes each such key as the
 * string its constant holds, `{ "http": [...] }`: the same objects, now free of side effects, so a
 * bundle keeps only what SendEmail reaches (~4 KiB). Nothing else in the package changes.
 *
 * The copy lives at `node_modules/.cache/petitions/<package>@<version>-<hash of the rewrite>/`, a
 * path that depends only on the package and the rewrite (the bundles' source maps name it, so an
 * unchanged function keeps its asset hash), and inside the project, so its imports resolve to the
 * same `node_modules` as the package's own. The local engine and the tests run no bundle and keep
 * the package as published.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/**
 * The clients the bundles take as a rewritten copy: exactly those whose schemas the rewrite
 * shrinks (test/infra/shakable-clients.test.ts bundles every SDK client in the dependencies both
 * ways and holds this list to them).
 */
export const SHAKABLE_CLIENTS = ["@aws-sdk/client-sesv2"] as const;

/** Where the copies are written, under the project root. */
const COPIES = ["node_modules", ".cache", "petitions"] as const;

const COPY_PATH = new RegExp(`${COPIES.join("/").replaceAll(".", "\\.")}/(@[^/+@]+\\+[^/@]+)@`);

/**
 * The package a path inside a copy belongs to (a bundle's metafile names the copy's files):
 * `node_modules/.cache/petitions/@aws-sdk+client-sesv2@<version>-<hash>/…` → `@aws-sdk/client-sesv2`.
 */
export function packageOfCopy(path: string): string | undefined {
  const name = path.match(COPY_PATH)?.[1];
  return name?.replace("+", "/");
}

/** A top-level `const _x = "..."` of the SDK's generated schema modules. */
const STRING_CONSTANT = /^const (_\w+) = ("[^"\\\n]*");$/gm;
/** A computed key naming a constant: `[_x]:`. */
const COMPUTED_KEY = /\[(_\w+)\]:/g;

/**
 * The schema module with each computed key that names a top-level string constant written as
 * that string. A key `"__proto__"` would set the prototype where the computed key defines a
 * property, so such a constant is left alone; so is any key that names something else.
 */
export function literalKeys(source: string): string {
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(STRING_CONSTANT))
    if (name !== undefined && literal !== undefined && literal !== '"__proto__"')
      constants.set(name, literal);
  return source.replace(COMPUTED_KEY, (key, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${literal}:`;
  });
}

/** The schema modules of a client's ES-module build (`dist-es/schemas/*.js`). */
export function schemaModules(packageDir: string): string[] {
  const dir = join(packageDir, "dist-es", "schemas");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".js"))
    .map((file) => join(dir, file));
}

/**
 * The rewritten copy of a client under `root`'s `node_modules/.cache`, written if not there yet
 * (into a directory of its own, then renamed, so bundles built at once never see half a copy).
 * Returns the copy's ES-module entry, which the bundles alias the package to.
 */
export function shakableClient(root: string, pkg: string): string {
  const source = join(root, "node_modules", pkg);
  // Its imports resolve from the copy's place: a package with dependencies of its own would lose them.
  if (existsSync(join(source, "node_modules")))
    throw new Error(`${pkg} has its own node_modules: its copy would not resolve them`);
  const version = (JSON.parse(readFileSync(join(source, "package.json"), "utf8")) as { version: string })
    .version;
  const rewritten = schemaModules(source).map((file) => ({
    relative: file.slice(source.length + 1),
    text: literalKeys(readFileSync(file, "utf8")),
  }));
  const hash = createHash("sha256");
  for (const { relative, text } of rewritten) hash.update(relative).update("\0").update(text).update("\0");
  const cache = join(root, ...COPIES);
  const target = join(cache, `${pkg.replace("/", "+")}@${version}-${hash.digest("hex").slice(0, 12)}`);
  const entry = join(target, "dist-es", "index.js");
  if (existsSync(entry)) return entry;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, ".staging-"));
  try {
    cpSync(join(source, "package.json"), join(staging, "package.json"));
    cpSync(join(source, "dist-es"), join(staging, "dist-es"), { recursive: true });
    for (const { relative, text } of rewritten) writeFileSync(join(staging, relative), text);
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another build wrote the same copy first.
    if (!existsSync(entry)) throw error;
  }
  return entry;
}

const aliases = new Map<string, Record<string, string>>();

/** The esbuild aliases that give the bundles each shakable client's copy (worked out once per process). */
export function shakableClientAliases(root: string): Record<string, string> {
  let found = aliases.get(root);
  if (found === undefined) {
    found = Object.fromEntries(SHAKABLE_CLIENTS.map((pkg) => [pkg, shakableClient(root, pkg)]));
    aliases.set(root, found);
  }
  return found;
}
