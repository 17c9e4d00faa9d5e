/**
 * `npm run seed`: fills the running local service (`npm start`) with invented demo petitions in
 * every state, and signatures the stream counts. Options:
 *
 *   --petitions N    how many petitions (default 42: the hand-written catalogue)
 *   --signatures M   signatures from the public, shared among published petitions (default 16000)
 *   --seed S         another set of invented data (default 1)
 *   --reset          empty the store and the mailbox first
 *   --url U          the service (default http://localhost:$PORT, PORT defaulting to 3000)
 *
 * Safe to run twice: a second run writes nothing and says so; `--reset` starts again.
 */
import { parseArgs } from "node:util";
import { catalogue } from "./seed/catalogue.ts";
import { SeedError } from "./seed/engine-link.ts";
import { progressFor } from "./seed/progress.ts";
import { seedService } from "./seed/run.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const DEFAULT_SIGNATURES = 16_000;

const { values } = parseArgs({
  options: {
    petitions: { type: "string", default: String(catalogue.length) },
    signatures: { type: "string", default: String(DEFAULT_SIGNATURES) },
    seed: { type: "string", default: "1" },
    reset: { type: "boolean", default: false },
    url: { type: "string", default: `http://localhost:${process.env.PORT ?? 3000}` },
  },
});

function wholeNumber(name: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}, not "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const request = {
  url: values.url.replace(/\/$/, ""),
  petitions: wholeNumber("petitions", values.petitions, 1),
  signatures: wholeNumber("signatures", values.signatures, 0),
  seed: wholeNumber("seed", values.seed, 0),
  reset: values.reset,
  progress: progressFor(process.stdout),
  log: (line: string) => process.stdout.write(`${line}\n`),
};

try {
  const result = await seedService(request);
  if (!result.seeded) {
    const held = `${result.petitions.toLocaleString("en-GB")} petitions from id ${result.firstId}`;
    process.stdout.write(
      (result.interrupted
        ? `An earlier seed of this store stopped before it finished (${held}); nothing was written.\n`
        : `This store already holds the demo data (${held}); nothing was written.\n`) +
        "Run `npm run seed -- --reset` to empty the store and seed it again.\n",
    );
  } else {
    const url = request.url;
    process.stdout.write(
      [
        "",
        `Seeded ${result.petitions.toLocaleString("en-GB")} petitions and ${result.signatures.toLocaleString("en-GB")} signatures in ${result.seconds.toFixed(1)} s; every count matches its signatures.`,
        `  Home page         ${url}/`,
        ...(result.highlight ? [`  Busiest petition  ${url}/petitions/${result.highlight}`] : []),
        `  All petitions     ${url}/petitions?state=all`,
        `  Mailbox           ${url}/_local/mail`,
        `  Staff pages       ${url}/staff  (paste the token from: npm run -s token -- --role moderator)`,
        "",
      ].join("\n"),
    );
  }
} catch (error) {
  if (error instanceof SeedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
