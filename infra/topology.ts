/**
 * Every function of the service, declared once. The CDK stack (infra/aws) and the local engine
 * (infra/local) both build everything from this list; neither names a function of its own.
 * Adding a feature is a handler plus an entry here.
 */
import { type SettingName, SIGNING_SETTINGS } from "../shared/config.ts";
import type { FilterPattern, FunctionSpec } from "./topology-types.ts";

export type { FunctionSpec, HttpRoute, Role } from "./topology-types.ts";

const PUBLIC_READ: SettingName[] = ["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"];
const THRESHOLDS: SettingName[] = [
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
];
const PAGES: SettingName[] = ["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME"];

/** Stream records whose new image is an item of the given entity. */
const newImageOf = (entity: string, eventName: string[] = ["INSERT", "MODIFY"]): FilterPattern => ({
  eventName,
  dynamodb: { NewImage: { entity: { S: [entity] } } },
});

export const topology: readonly FunctionSpec[] = [
  // Public reads
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
    settings: [...PUBLIC_READ],
    table: "read",
  },
  {
    name: "PetitionCount",
    handler: "functions/http/petition-count.ts",
    description: "The live signature count of one petition",
    routes: [{ method: "GET", path: "/petitions/{id}/count.json", auth: "public" }],
    settings: ["TABLE_NAME"],
    table: "read",
  },
  // Public writes
  {
    name: "CreatePetition",
    handler: "functions/http/create-petition.ts",
    description: "Starts a petition with its creator's pending signature",
    routes: [{ method: "POST", path: "/petitions", auth: "public" }],
    settings: [...SIGNING_SETTINGS],
    table: "read-write",
  },
  {
    name: "SponsorPetition",
    handler: "functions/http/sponsor-petition.ts",
    description: "A supporter signs a petition from the creator's link",
    routes: [{ method: "POST", path: "/petitions/{id}/sponsors", auth: "public" }],
    settings: [...SIGNING_SETTINGS, "MAX_SPONSORS"],
    table: "read-write",
  },
  {
    name: "SignPetition",
    handler: "functions/http/sign-petition.ts",
    description: "The public signs an open petition",
    routes: [{ method: "POST", path: "/petitions/{id}/signatures", auth: "public" }],
    settings: [...SIGNING_SETTINGS],
    table: "read-write",
  },
  {
    name: "VerifySignature",
    handler: "functions/http/verify-signature.ts",
    description: "Confirms a signature from its emailed link",
    routes: [{ method: "GET", path: "/signatures/{id}/verify", auth: "public" }],
    settings: [...PAGES],
    table: "read-write",
    web: true,
  },
  {
    name: "Unsubscribe",
    handler: "functions/http/unsubscribe.ts",
    description: "Stops update emails for one signature (page and RFC 8058 one-click)",
    routes: [
      { method: "GET", path: "/signatures/{id}/unsubscribe", auth: "public" },
      { method: "POST", path: "/signatures/{id}/unsubscribe", auth: "public" },
    ],
    settings: [...PAGES],
    table: "read-write",
    web: true,
  },
  // Staff
  {
    name: "AdminListPetitions",
    handler: "functions/http/admin-list-petitions.ts",
    description: "The moderation queues",
    routes: [{ method: "GET", path: "/admin/petitions", auth: "moderator" }],
    settings: ["TABLE_NAME"],
    table: "read",
  },
  {
    name: "ModeratePetition",
    handler: "functions/http/moderate-petition.ts",
    description: "Publishes, rejects, flags or restores a petition",
    routes: [{ method: "POST", path: "/admin/petitions/{id}/moderation", auth: "moderator" }],
    settings: ["TABLE_NAME", "PETITION_DURATION_MONTHS"],
    table: "read-write",
  },
  {
    name: "AdminBlocks",
    handler: "functions/http/admin-blocks.ts",
    description: "Sysadmins list, add and remove blocked IPs, email domains and emails",
    routes: [
      { method: "GET", path: "/admin/blocks", auth: "sysadmin" },
      { method: "POST", path: "/admin/blocks", auth: "sysadmin" },
      { method: "DELETE", path: "/admin/blocks", auth: "sysadmin" },
    ],
    settings: ["TABLE_NAME"],
    table: "read-write",
  },
  // Stream consumers
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
    name: "CountSignatures",
    handler: "functions/streams/count-signatures.ts",
    description: "Adds confirmed signatures to their petition's counts, exactly once",
    stream: {
      filters: [newImageOf("SIGNATURE")],
      batchSize: 500,
      batchingWindowSeconds: 1,
      retryAttempts: 10,
    },
    settings: ["TABLE_NAME", ...THRESHOLDS, "TRENDING_THRESHOLD"],
    table: "read-write",
    timeoutSeconds: 60,
  },
  // Schedules
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
