/**
 * Every function of the service, declared once. The CDK stack (infra/aws) and the local engine
 * (infra/local) both build everything from this list; neither names a function of its own.
 * Adding a feature is a handler plus an entry here.
 */
import type { SettingName } from "../shared/config.ts";
import type { FilterPattern, FunctionSpec } from "./topology-types.ts";

export type { FunctionSpec, HttpRoute, Role } from "./topology-types.ts";

const PUBLIC_READ: SettingName[] = ["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"];
const THRESHOLDS: SettingName[] = [
  "THRESHOLD_FOR_MODERATION",
  "MAX_SPONSORS",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
];

/** Stream records whose new image is an item of the given entity. */
const newImageOf = (entity: string, eventName: string[] = ["INSERT", "MODIFY"]): FilterPattern => ({
  eventName,
  dynamodb: { NewImage: { entity: { S: [entity] } } },
});

export const topology: readonly FunctionSpec[] = [
  {
    name: "ListPetitions",
    handler: "functions/http/list-petitions.ts",
    description: "Public list of petitions by state, as e-petitions' /petitions.json",
    routes: [{ method: "GET", path: "/petitions.json", auth: "public" }],
    settings: [...PUBLIC_READ],
    table: "read",
  },
  {
    name: "GetPetition",
    handler: "functions/http/get-petition.ts",
    description: "One published petition as e-petitions' /petitions/{id}.json",
    routes: [{ method: "GET", path: "/petitions/{id}", auth: "public" }],
    settings: [...PUBLIC_READ, ...THRESHOLDS],
    table: "read",
  },
  {
    name: "SendMail",
    handler: "functions/streams/send-mail.ts",
    description: "Sends each outbox message through SES exactly once",
    stream: { filters: [newImageOf("OUTBOX", ["INSERT"])], batchSize: 25, retryAttempts: 8 },
    settings: ["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME", "SENDER_EMAIL"],
    table: "read-write",
    mail: true,
  },
  {
    name: "ClosePetitions",
    handler: "functions/scheduled/close-petitions.ts",
    description: "Closes open petitions whose closing date has passed",
    schedule: { everyMinutes: 15 },
    settings: ["TABLE_NAME"],
    table: "read-write",
    timeoutSeconds: 300,
  },
];
