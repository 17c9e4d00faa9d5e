/**
 * A function's settings, read as its topology entry declares them: the entry is the one list of
 * what the engines pass and what the handler may read, so a handler naming a setting its entry
 * does not declare fails to compile.
 */
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type FunctionName, type SettingsOf, topology } from "./topology.ts";

/**
 * Reads the settings of the function `name` from the environment and fails the cold start,
 * naming every missing or malformed one, when any is wrong.
 */
export function functionConfig<const N extends FunctionName>(
  name: N,
  env: NodeJS.ProcessEnv = process.env,
): Config<SettingsOf<N>> {
  const entry = topology.find((spec) => spec.name === name);
  if (!entry) throw new ConfigError(`Invalid configuration: no function named ${name} in the topology`);
  return loadConfig(entry.settings as readonly SettingsOf<N>[], env);
}
