/**
 * `npm start`: the whole service on this machine. Options: PORT (3000), DYNAMODB_PORT (8000),
 * SES_PORT (8005), `--in-memory` (or LOCAL_IN_MEMORY=1) to keep no data on disk, and
 * LOCAL_SCHEDULE_SECONDS to run every schedule that often instead of at its AWS rate.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { LocalSetupError } from "./emulators.ts";
import { projectRoot, startEngine } from "./engine.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values } = parseArgs({ options: { "in-memory": { type: "boolean", default: false } } });
const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`${name} must be a whole number, not "${raw}"\n`);
    process.exit(2);
  }
  return value;
};

const inMemory = values["in-memory"] || process.env.LOCAL_IN_MEMORY === "1";
const scheduleSeconds = process.env.LOCAL_SCHEDULE_SECONDS;

try {
  const engine = await startEngine({
    root: projectRoot,
    port: number("PORT", 3000),
    dynamoPort: number("DYNAMODB_PORT", 8000),
    sesPort: number("SES_PORT", 8005),
    dataPath: inMemory ? null : resolve(projectRoot, ".local-data/dynamodb"),
    ...(scheduleSeconds ? { scheduleIntervalSeconds: number("LOCAL_SCHEDULE_SECONDS", 60) } : {}),
  });
  process.stdout.write(
    [
      "",
      `Petitions is running (${inMemory ? "in memory" : "data in .local-data/"})`,
      `  Service          ${engine.url}/`,
      `  Petitions JSON   ${engine.url}/petitions.json`,
      `  Mailbox          ${engine.url}/_local/mail  (JSON: /_local/mail.json)`,
      `  Schedules        ${engine.url}/_local/schedules  (POST /_local/schedules/<name> runs one now)`,
      `  Staff token      npm run token -- --role moderator`,
      `  DynamoDB Local   ${engine.dynamoEndpoint}   Local SES ${engine.sesEndpoint}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  if (await engine.isEmpty()) {
    process.stdout.write(
      "No petitions yet: run `npm run seed` in another terminal to fill the service with demo data.\n",
    );
  }
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("Stopping...\n");
    engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
} catch (error) {
  if (error instanceof LocalSetupError) {
    process.stderr.write(`${error.message.split("\n")[0]}\n`);
    process.exit(1);
  }
  throw error;
}
