/**
 * A function's settings, read as its topology entry declares them: the entry is the one list of
 * what the engines pass and what the handler may read, so a handler naming a setting its entry
 * does not declare fails to compile.
 *
 * The Lambda bundles carry every entry's setting names as one string (`define` in
 * infra/aws/functions.ts, `encodeFunctionSettings` below) instead of the whole topology (~20 KB
 * of routes, descriptions and triggers in every bundle); elsewhere (the local engine, tests) the
 * names are read from the topology itself.
 */
import { type Config, ConfigError, loadConfig } from "./config.ts";
import type { FunctionName, SettingsOf } from "./topology.ts";
import type { FunctionSpec } from "./topology-types.ts";

/** Replaced in the bundles by the string `encodeFunctionSettings(topology)` gives; undefined elsewhere. */
declare const PETITIONS_FUNCTION_SETTINGS: string | undefined;

/** `Name=SETTING,SETTING;Name=...`: plain words, so it passes through a shell command unchanged. */
export function encodeFunctionSettings(specs: readonly Pick<FunctionSpec, "name" | "settings">[]): string {
  return specs.map((spec) => `${spec.name}=${spec.settings.join(",")}`).join(";");
}

export function decodeFunctionSettings(encoded: string): Map<string, readonly string[]> {
  return new Map(
    encoded
      .split(";")
      .filter(Boolean)
      .map((entry) => {
        const [name = "", names = ""] = entry.split("=");
        return [name, names.split(",").filter(Boolean)] as const;
      }),
  );
}

// In a bundle the condition is a constant, and esbuild leaves the topology out with its branch.
const declared: ReadonlyMap<string, readonly string[]> =
  typeof PETITIONS_FUNCTION_SETTINGS === "string"
    ? decodeFunctionSettings(PETITIONS_FUNCTION_SETTINGS)
    : new Map((await import("./topology.ts")).topology.map((spec) => [spec.name, spec.settings] as const));

/**
 * Reads the settings of the function `name` from the environment and fails the cold start,
 * naming every missing or malformed one, when any is wrong.
 */
export function functionConfig<const N extends FunctionName>(
  name: N,
  env: NodeJS.ProcessEnv = process.env,
): Config<SettingsOf<N>> {
  const settings = declared.get(name);
  if (!settings) throw new ConfigError(`Invalid configuration: no function named ${name} in the topology`);
  return loadConfig(settings as readonly SettingsOf<N>[], env);
}
