/**
 * Every function of the service, declared once. The CDK stack (infra/aws) and the local engine
 * (infra/local) both build everything from this list; neither names a function of its own.
 * Adding a feature is a handler plus an entry here.
 */
import { RATE_SETTINGS, type SettingName, SIGNING_SETTINGS } from "./config.ts";
import { SES_FEEDBACK_DETAIL_TYPES } from "./mail/ses-event-types.ts";
import type { FilterPattern, FunctionSpec, HttpRoute } from "./topology-types.ts";

export type { FunctionSpec, HttpRoute, Role } from "./topology-types.ts";

const PUBLIC_READ = ["TABLE_NAME", "PUBLIC_URL", "DATA_DIR"] as const satisfies readonly SettingName[];
const THRESHOLDS = [
  "THRESHOLD_FOR_MODERATION",
  "THRESHOLD_FOR_RESPONSE",
  "THRESHOLD_FOR_DEBATE",
] as const satisfies readonly SettingName[];
/** Every environment setting the run-time site settings (shared/site/settings.ts) take as their defaults. */
const SITE = [
  ...THRESHOLDS,
  "THRESHOLD_FOR_MODERATION_DELAY",
  "PETITION_DURATION_MONTHS",
  "MAX_SPONSORS",
  ...RATE_SETTINGS,
] as const satisfies readonly SettingName[];
const PAGES = ["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME"] as const satisfies readonly SettingName[];
/** What sending an email reads (shared/mail/send.ts): the sender, the links' base, the SES configuration set, and the thresholds the emails name. */
const MAIL = [
  ...PAGES,
  "SENDER_EMAIL",
  "SES_CONFIGURATION_SET",
  ...THRESHOLDS,
] as const satisfies readonly SettingName[];

/** Stream records whose new image is an item of the given entity. */
const newImageOf = (entity: string, eventName: string[] = ["INSERT", "MODIFY"]): FilterPattern => ({
  eventName,
  dynamodb: { NewImage: { entity: { S: [entity] } } },
});

/** Every HTTP function checks the edge's origin secret (shared/http/origin.ts). */
const EDGE = ["ORIGIN_SECRET_ARN", "ORIGIN_SECRET"] as const satisfies readonly SettingName[];

type Routed = { routes: readonly HttpRoute[] } | { defaultRoute: true };
/** An entry as declared, with the edge's settings added when it is routed. */
type WithEdge<S extends FunctionSpec> = S extends Routed
  ? Omit<S, "settings"> & { settings: readonly [...S["settings"], ...typeof EDGE] }
  : S;

/** Keeps each entry's literal `name` and `settings`, which `functionConfig` types a handler's settings from. */
const withEdge = <const T extends readonly FunctionSpec[]>(
  specs: T,
): { readonly [K in keyof T]: WithEdge<T[K]> } =>
  specs.map((spec) =>
    spec.routes || spec.defaultRoute ? { ...spec, settings: [...spec.settings, ...EDGE] } : spec,
  ) as unknown as { readonly [K in keyof T]: WithEdge<T[K]> };

const declared = withEdge([
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
    description:
      "One published petition as e-petitions' /petitions/{id}.json; its pages before publication; constituencies and local petitions",
    routes: [
      { method: "GET", path: "/petitions/{id}", auth: "public" },
      // A petition's pages before publication (shared/web/pages/petition-status.ts).
      { method: "GET", path: "/petitions/{id}/gathering-support", auth: "public" },
      { method: "GET", path: "/petitions/{id}/moderation-info", auth: "public" },
      // Served by functions/http/local-petitions.ts, in this function: a function of its own would
      // take the stack past CloudFormation's 500 resources.
      { method: "GET", path: "/constituencies.json", auth: "public" },
      { method: "GET", path: "/petitions/local", auth: "public" },
      { method: "GET", path: "/petitions/local/{slug}", auth: "public" },
      // `all`, `all.json` or `all.csv`: one route for the three, for the same reason.
      { method: "GET", path: "/petitions/local/{slug}/{view}", auth: "public" },
    ],
    // Without `.json` it renders the petition's page.
    settings: [...PUBLIC_READ, "SERVICE_NAME", ...THRESHOLDS, "MAX_SPONSORS"],
    table: "read",
    web: true,
  },
  {
    name: "PetitionCount",
    handler: "functions/http/petition-count.ts",
    description: "The live signature count of one petition",
    routes: [{ method: "GET", path: "/petitions/{id}/count.json", auth: "public" }],
    settings: ["TABLE_NAME"],
    table: "read",
  },
  {
    name: "Trending",
    handler: "functions/http/trending.ts",
    description: "The ten open petitions with the most signatures in the last hour",
    routes: [{ method: "GET", path: "/trending.json", auth: "public" }],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    table: "read",
  },
  {
    name: "PetitionsCsv",
    handler: "functions/http/petitions-csv.ts",
    description: "A facet or search of petitions as e-petitions' CSV, built at most once a minute",
    routes: [{ method: "GET", path: "/petitions.csv", auth: "public" }],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    // Writes its built CSV, for the rest of the minute's requests.
    table: "read-write",
    timeoutSeconds: 29,
    memoryMB: 1024,
    concurrency: "export",
  },
  {
    name: "SignaturesOverTime",
    handler: "functions/http/signatures-over-time.ts",
    description: "The hourly series of a petition's signatures since opening",
    routes: [{ method: "GET", path: "/petitions/{id}/signatures-over-time.json", auth: "public" }],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    table: "read",
  },
  {
    name: "OpenApi",
    handler: "functions/http/openapi.ts",
    description: "OpenAPI 3.1 for every route, generated from the zod schemas",
    routes: [{ method: "GET", path: "/openapi.json", auth: "public" }],
    settings: ["PUBLIC_URL", "SERVICE_NAME", "DATA_DIR"],
    table: "none",
    openApiBody: true,
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
    settings: [...SIGNING_SETTINGS, "MAX_SPONSORS", "MAX_SPONSOR_SIGNUPS"],
    table: "read-write",
  },
  {
    name: "SignPetition",
    handler: "functions/http/sign-petition.ts",
    description: "The public signs an open petition",
    routes: [{ method: "POST", path: "/petitions/{id}/signatures", auth: "public" }],
    settings: [...SIGNING_SETTINGS],
    table: "read-write",
    signing: true,
    canary: true,
  },
  {
    name: "VerifySignature",
    handler: "functions/http/verify-signature.ts",
    description: "Confirms a signature from its emailed link",
    routes: [{ method: "GET", path: "/signatures/{id}/verify", auth: "public" }],
    // DATA_DIR: the signed page names the signer's constituency and its MP; the moderation
    // threshold decides the creator's "Someone supported" email, the delay threshold its wording.
    // HASH_KEY*: the emailed token's HMAC is checked without a read.
    settings: [
      ...PAGES,
      "DATA_DIR",
      "THRESHOLD_FOR_MODERATION",
      "THRESHOLD_FOR_MODERATION_DELAY",
      "HASH_KEY_ARN",
      "HASH_KEY",
    ],
    table: "read-write",
    web: true,
    canary: true,
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
    concurrency: "staff",
  },
  {
    name: "ModeratePetition",
    handler: "functions/http/moderate-petition.ts",
    description: "Publishes, rejects, flags or restores a petition",
    routes: [{ method: "POST", path: "/admin/petitions/{id}/moderation", auth: "moderator" }],
    settings: ["TABLE_NAME", "PETITION_DURATION_MONTHS", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminBlocks",
    handler: "functions/http/admin-blocks.ts",
    description:
      "Sysadmins list, add and remove blocked IPs, email domains and emails, change the site settings and email the creators of overdue petitions",
    routes: [
      { method: "GET", path: "/admin/blocks", auth: "sysadmin" },
      { method: "POST", path: "/admin/blocks", auth: "sysadmin" },
      { method: "DELETE", path: "/admin/blocks", auth: "sysadmin" },
      // The site settings (functions/http/admin-settings.ts), in this function: both are the
      // sysadmins' controls of the whole site, and a function of its own costs the stack resources.
      { method: "GET", path: "/admin/settings", auth: "sysadmin" },
      { method: "PUT", path: "/admin/settings", auth: "sysadmin" },
      { method: "POST", path: "/admin/moderation-delay", auth: "sysadmin" },
    ],
    // PUBLIC_URL and SERVICE_NAME: the moderation-delay email's preview.
    settings: ["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME", ...SITE],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminInvalidations",
    handler: "functions/http/admin-invalidations.ts",
    description: "Sysadmins invalidate signatures in bulk by criteria: preview, start, cancel",
    routes: [
      { method: "GET", path: "/admin/invalidations", auth: "sysadmin" },
      { method: "POST", path: "/admin/invalidations", auth: "sysadmin" },
      { method: "GET", path: "/admin/invalidations/{id}", auth: "sysadmin" },
      { method: "POST", path: "/admin/invalidations/{id}/count", auth: "sysadmin" },
      { method: "POST", path: "/admin/invalidations/{id}/start", auth: "sysadmin" },
      { method: "POST", path: "/admin/invalidations/{id}/cancel", auth: "sysadmin" },
    ],
    settings: ["TABLE_NAME", "SIGNER_INDEX_SHARDS", "EMAIL_STRIP_PLUS_TAG"],
    table: "read-write",
    concurrency: "staff",
    timeoutSeconds: 29,
  },
  {
    name: "AdminSuppressions",
    handler: "functions/http/admin-suppressions.ts",
    description: "Sysadmins list, add and remove addresses on the suppression list (never emailed)",
    routes: [
      { method: "GET", path: "/admin/suppressions", auth: "sysadmin" },
      { method: "POST", path: "/admin/suppressions", auth: "sysadmin" },
      { method: "DELETE", path: "/admin/suppressions", auth: "sysadmin" },
    ],
    settings: ["TABLE_NAME"],
    table: "read-write",
  },
  {
    name: "AdminSignatures",
    handler: "functions/http/admin-signatures.ts",
    description:
      "Sysadmins search one petition's signatures, act on chosen ones, read the access log, and see and allow trending sources",
    routes: [
      { method: "GET", path: "/admin/signatures", auth: "sysadmin" },
      { method: "GET", path: "/admin/signatures/{id}", auth: "sysadmin" },
      { method: "POST", path: "/admin/signatures/actions", auth: "sysadmin" },
      { method: "GET", path: "/admin/access-log", auth: "sysadmin" },
      { method: "GET", path: "/admin/petitions/{id}/trending-sources", auth: "sysadmin" },
      { method: "GET", path: "/admin/trending-allow-list", auth: "sysadmin" },
      { method: "POST", path: "/admin/trending-allow-list", auth: "sysadmin" },
      { method: "DELETE", path: "/admin/trending-allow-list", auth: "sysadmin" },
    ],
    // Email searches key the address as signing does.
    settings: [
      "TABLE_NAME",
      "SIGNER_INDEX_SHARDS",
      "EMAIL_STRIP_PLUS_TAG",
      "TRENDING_THRESHOLD",
      "HASH_KEY_ARN",
      "HASH_KEY",
    ],
    table: "read-write",
  },
  // Pages
  {
    name: "HomePage",
    handler: "functions/web/home.ts",
    description: "Home page: what petitions are, thresholds, popular and trending petitions, search",
    routes: [{ method: "GET", path: "/", auth: "public" }],
    settings: [...PAGES, ...THRESHOLDS],
    table: "read",
    web: true,
    concurrency: "pages",
  },
  {
    name: "PetitionsPage",
    handler: "functions/web/petitions.ts",
    description:
      "All petitions by state, with search and paging; the archive's pages and one archived petition (page and JSON)",
    // `/archived/petitions/{id}` without `.json` renders the archived petition's page.
    routes: ["/petitions", "/archived/petitions", "/archived/petitions/{id}"].map((path) => ({
      method: "GET" as const,
      path,
      auth: "public" as const,
    })),
    settings: [...PAGES],
    table: "read",
    web: true,
    concurrency: "pages",
  },
  {
    name: "HelpPages",
    handler: "functions/web/help.ts",
    description: "How petitions work, standards, privacy, accessibility and cookies",
    routes: [
      { method: "GET", path: "/help", auth: "public" },
      { method: "GET", path: "/help/{page}", auth: "public" },
    ],
    settings: [
      "TABLE_NAME",
      "PUBLIC_URL",
      "SERVICE_NAME",
      "CONTACT_EMAIL",
      ...THRESHOLDS,
      "PETITION_DURATION_MONTHS",
    ],
    table: "read",
    web: true,
    concurrency: "pages",
  },
  {
    name: "NotFoundPage",
    handler: "functions/web/not-found.ts",
    description: "Page not found: every request no route matches (a page for browsers, JSON for programs)",
    defaultRoute: true,
    settings: ["TABLE_NAME", "PUBLIC_URL", "SERVICE_NAME"],
    table: "read",
    web: true,
    concurrency: "pages",
  },
  {
    name: "SignPage",
    handler: "functions/web/sign.ts",
    description: "The signing form and its check-your-email page",
    routes: [
      { method: "GET", path: "/petitions/{id}/signatures/new", auth: "public" },
      { method: "POST", path: "/petitions/{id}/signatures/new", auth: "public" },
    ],
    settings: [...SIGNING_SETTINGS, "SERVICE_NAME"],
    table: "read-write",
    web: true,
    signing: true,
  },
  {
    name: "SponsorPage",
    handler: "functions/web/sponsor.ts",
    description: "The supporters' form reached from the creator's link",
    routes: [
      { method: "GET", path: "/petitions/{id}/sponsors/new", auth: "public" },
      { method: "POST", path: "/petitions/{id}/sponsors/new", auth: "public" },
    ],
    settings: [...SIGNING_SETTINGS, "SERVICE_NAME", "MAX_SPONSORS", "MAX_SPONSOR_SIGNUPS"],
    table: "read-write",
    web: true,
    concurrency: "pages",
  },
  {
    name: "StartPetitionPage",
    handler: "functions/web/start-petition.ts",
    description:
      "Start a petition in steps: citizenship, action, similar petitions, background, details, you, check",
    routes: [
      { method: "GET", path: "/petitions/new", auth: "public" },
      { method: "POST", path: "/petitions/new", auth: "public" },
    ],
    settings: [
      ...SIGNING_SETTINGS,
      "SERVICE_NAME",
      "THRESHOLD_FOR_MODERATION",
      "THRESHOLD_FOR_MODERATION_DELAY",
    ],
    table: "read-write",
    web: true,
    concurrency: "pages",
  },
  {
    name: "StaffPages",
    handler: "functions/web/staff.ts",
    description:
      "Staff sign-in, moderation queues and forms, response and debate forms, mail jobs, threshold report, bulk invalidations (session cookie checked by the page)",
    routes: [
      { method: "GET", path: "/staff", auth: "public" },
      { method: "GET", path: "/staff/sign-in", auth: "public" },
      { method: "POST", path: "/staff/sign-in", auth: "public" },
      { method: "GET", path: "/staff/sign-in/callback", auth: "public" },
      { method: "POST", path: "/staff/sign-out", auth: "public" },
      { method: "GET", path: "/staff/petitions/{id}", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/moderation", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/government-response", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/debate", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/other-business", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/committee-note", auth: "public" },
      { method: "GET", path: "/staff/jobs/{id}", auth: "public" },
      { method: "POST", path: "/staff/jobs/{id}/cancel", auth: "public" },
      { method: "GET", path: "/staff/reports/thresholds", auth: "public" },
      { method: "GET", path: "/staff/search", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/note", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/tags", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/texts", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/sponsor-email", auth: "public" },
      { method: "GET", path: "/staff/settings", auth: "public" },
      { method: "POST", path: "/staff/settings", auth: "public" },
      { method: "GET", path: "/staff/moderation-delay", auth: "public" },
      { method: "POST", path: "/staff/moderation-delay", auth: "public" },
      { method: "GET", path: "/staff/invalidations", auth: "public" },
      { method: "POST", path: "/staff/invalidations", auth: "public" },
      { method: "GET", path: "/staff/invalidations/{id}", auth: "public" },
      { method: "POST", path: "/staff/invalidations/{id}", auth: "public" },
      { method: "GET", path: "/staff/signatures", auth: "public" },
      { method: "POST", path: "/staff/signatures/actions", auth: "public" },
      { method: "GET", path: "/staff/access-log", auth: "public" },
      { method: "GET", path: "/staff/petitions/{id}/trending", auth: "public" },
      { method: "POST", path: "/staff/petitions/{id}/trending-allow-list", auth: "public" },
    ],
    settings: [
      ...PAGES,
      "STAFF_JWT_ISSUER",
      "STAFF_JWT_AUDIENCE",
      "STAFF_SIGN_IN_URL",
      "SIGNER_INDEX_SHARDS",
      // The site settings' defaults: the settings page shows and changes them.
      ...SITE,
      // The sysadmins' signature search keys an email as signing does; trending shows its threshold.
      "EMAIL_STRIP_PLUS_TAG",
      "TRENDING_THRESHOLD",
      "HASH_KEY_ARN",
      "HASH_KEY",
    ],
    table: "read-write",
    web: true,
    concurrency: "staff",
  },
  {
    name: "AdminGovernmentResponse",
    handler: "functions/http/admin-government-response.ts",
    description: "Records the government's response and can email every subscribed signer",
    routes: [{ method: "PUT", path: "/admin/petitions/{id}/government-response", auth: "moderator" }],
    settings: ["TABLE_NAME", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminPetitionBusiness",
    handler: "functions/http/admin-petition-business.ts",
    description:
      "Adds other parliamentary business (can email every subscribed signer) and sets the committee's note",
    routes: [
      { method: "POST", path: "/admin/petitions/{id}/other-business", auth: "moderator" },
      { method: "PUT", path: "/admin/petitions/{id}/committee-note", auth: "moderator" },
    ],
    settings: ["TABLE_NAME", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminModerationTools",
    handler: "functions/http/admin-moderation-tools.ts",
    description:
      "Staff search across every state, the moderators' note and tags, editing a petition's words before publication, the supporter link again, and the tag list",
    routes: [
      { method: "GET", path: "/admin/search", auth: "moderator" },
      { method: "PUT", path: "/admin/petitions/{id}/note", auth: "moderator" },
      { method: "PUT", path: "/admin/petitions/{id}/tags", auth: "moderator" },
      { method: "PUT", path: "/admin/petitions/{id}/texts", auth: "moderator" },
      { method: "POST", path: "/admin/petitions/{id}/sponsor-email", auth: "moderator" },
      { method: "GET", path: "/admin/tags", auth: "moderator" },
      { method: "PUT", path: "/admin/tags", auth: "sysadmin" },
    ],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminDebate",
    handler: "functions/http/admin-debate.ts",
    description: "Schedules a debate or records its outcome, and can email every subscribed signer",
    routes: [{ method: "PUT", path: "/admin/petitions/{id}/debate", auth: "moderator" }],
    settings: ["TABLE_NAME", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminJobs",
    handler: "functions/http/admin-jobs.ts",
    description: "Shows a mass-mail job's progress and cancels it",
    routes: [
      { method: "GET", path: "/admin/jobs/{id}", auth: "moderator" },
      { method: "POST", path: "/admin/jobs/{id}/cancel", auth: "moderator" },
    ],
    settings: ["TABLE_NAME"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "AdminThresholdReport",
    handler: "functions/http/admin-threshold-report.ts",
    description: "Petitions that crossed the response or debate threshold since a time",
    routes: [{ method: "GET", path: "/admin/reports/thresholds", auth: "moderator" }],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    table: "read",
    concurrency: "staff",
  },
  {
    name: "Topics",
    handler: "functions/http/topics.ts",
    description:
      "Topics (public /topics.json; sysadmins create, rename and delete them), a petition's topics and departments, and the parliaments (sysadmins set the dissolution)",
    routes: [
      { method: "GET", path: "/parliaments.json", auth: "public" },
      { method: "GET", path: "/admin/parliament", auth: "sysadmin" },
      { method: "PUT", path: "/admin/parliament", auth: "sysadmin" },
      { method: "POST", path: "/admin/parliament/announcement", auth: "sysadmin" },
      { method: "GET", path: "/archived/petitions.json", auth: "public" },
      { method: "GET", path: "/topics.json", auth: "public" },
      { method: "GET", path: "/admin/topics", auth: "sysadmin" },
      { method: "POST", path: "/admin/topics", auth: "sysadmin" },
      { method: "PUT", path: "/admin/topics/{code}", auth: "sysadmin" },
      { method: "DELETE", path: "/admin/topics/{code}", auth: "sysadmin" },
      { method: "PUT", path: "/admin/petitions/{id}/classification", auth: "moderator" },
    ],
    settings: ["TABLE_NAME", "PUBLIC_URL"],
    table: "read-write",
    concurrency: "staff",
  },
  {
    name: "Feedback",
    handler: "functions/web/feedback.ts",
    description: "The feedback form and its JSON, stored and emailed to the team; staff read it back",
    routes: [
      { method: "GET", path: "/feedback", auth: "public" },
      { method: "POST", path: "/feedback", auth: "public" },
      { method: "GET", path: "/feedback/thanks", auth: "public" },
      { method: "GET", path: "/admin/feedback", auth: "moderator" },
    ],
    // Addresses are counted for the limit under a keyed hash.
    settings: [...PAGES, "FEEDBACK_EMAIL", "RATE_SUSTAINED_SECONDS", "HASH_KEY_ARN", "HASH_KEY"],
    table: "read-write",
    web: true,
    concurrency: "pages",
  },
  // Stream consumers
  {
    name: "SendMail",
    handler: "functions/streams/send-mail.ts",
    description:
      "Sends each outbox message, and each new signature's own confirmation, through SES exactly once",
    stream: {
      filters: [
        newImageOf("OUTBOX", ["INSERT"]),
        // A new signature that carries its own confirmation email (shared/mail/signature-mail.ts).
        {
          eventName: ["INSERT"],
          dynamodb: { NewImage: { entity: { S: ["SIGNATURE"] }, mail_token: { S: [{ exists: true }] } } },
        },
      ],
      batchSize: 25,
      retryAttempts: 8,
      // A batch that still fails joins the sweeper's queue: see RequeueFailedMail.
      onFailure: "mailFailures",
    },
    settings: [...MAIL, "OUTBOX_SWEEP_AFTER_MINUTES", "MAIL_PER_ADDRESS_DAY", "MAIL_PER_PETITION_DAY"],
    table: "read-write",
    mail: true,
  },
  {
    name: "CountSignatures",
    handler: "functions/streams/count-signatures.ts",
    description:
      "Counts confirmed signatures, shard by shard past a cursor, into one delta item per petition per batch, exactly once",
    stream: {
      filters: [newImageOf("SIGNATURE")],
      batchSize: 500,
      // No batching window on either counting stage: a confirmation reaches count.json within two
      // stream hops (docs/capacity.md (d)); at viral rates a poll's batch is full anyway.
      retryAttempts: 10,
      // The shard's cursor needs its records retried in order, from the first not applied.
      bisectOnError: false,
      // The event then names its shard (the cursor's key).
      tumblingWindowSeconds: 60,
      // A batch that still fails is applied from its on-failure message: see RecountFailedBatch.
      onFailure: "counterFailures",
    },
    // Trending tallies hash their sources with the hash key.
    settings: ["TABLE_NAME", "TRENDING_THRESHOLD", "TRENDING_NOTIFY_THRESHOLD", "HASH_KEY_ARN", "HASH_KEY"],
    table: "read-write",
    timeoutSeconds: 60,
    canary: true,
  },
  {
    name: "MergeCounts",
    handler: "functions/streams/merge-counts.ts",
    description:
      "Adds each count delta to its petition's counts item and deletes it, exactly once; moves the petition's state and snapshot",
    stream: {
      filters: [newImageOf("COUNT_DELTA", ["INSERT"])],
      batchSize: 100,
      retryAttempts: 10,
      // A delta whose merge still fails stays in the table; ReconcileCounts merges it later.
    },
    settings: ["TABLE_NAME", ...THRESHOLDS, "THRESHOLD_FOR_MODERATION_DELAY"],
    table: "read-write",
    timeoutSeconds: 60,
  },
  {
    name: "IndexPetitions",
    handler: "functions/streams/index-petitions.ts",
    description: "Keeps the search index and the facet tally current with each petition change",
    stream: {
      filters: [newImageOf("PETITION")],
      batchSize: 100,
      batchingWindowSeconds: 1,
      retryAttempts: 10,
    },
    settings: ["TABLE_NAME"],
    table: "read-write",
    timeoutSeconds: 60,
  },
  {
    name: "MailJobs",
    handler: "functions/streams/mail-jobs.ts",
    description: "Sends mass-mail jobs a page at a time, resuming after a crash with none missed or doubled",
    stream: {
      filters: [{ dynamodb: { NewImage: { entity: { S: ["JOB"] }, state: { S: ["running"] } } } }],
      batchSize: 1,
      retryAttempts: 10,
    },
    settings: [...MAIL, "MAIL_RATE_PER_SECOND", "MAIL_RESERVE_PER_SECOND"],
    table: "read-write",
    mail: true,
    timeoutSeconds: 120,
  },
  {
    name: "InvalidateSignatures",
    handler: "functions/streams/invalidate-signatures.ts",
    description:
      "Invalidates a bulk invalidation's signatures a page at a time, resuming after a crash with none done twice",
    stream: {
      filters: [{ dynamodb: { NewImage: { entity: { S: ["INVALIDATION"] }, state: { S: ["running"] } } } }],
      batchSize: 1,
      retryAttempts: 10,
    },
    settings: ["TABLE_NAME", "SIGNER_INDEX_SHARDS", "EMAIL_STRIP_PLUS_TAG"],
    table: "read-write",
    timeoutSeconds: 120,
  },
  // Events
  {
    name: "MailFeedback",
    handler: "functions/events/mail-feedback.ts",
    description:
      "SES bounces and complaints: suppresses the address and unsubscribes the signature; counts delays and rejects",
    events: { source: ["aws.ses"], detailType: [...SES_FEEDBACK_DETAIL_TYPES] },
    settings: ["TABLE_NAME"],
    table: "read-write",
  },
  // Queues
  {
    name: "RecountFailedBatch",
    handler: "functions/queues/recount-failed-batch.ts",
    description:
      "Reads a failed counter batch's records back from the stream and recounts the petitions they touched",
    queue: { name: "counterFailures", batchSize: 1, maxReceiveCount: 5 },
    readsStream: true,
    settings: ["TABLE_NAME", ...THRESHOLDS, "THRESHOLD_FOR_MODERATION_DELAY", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    timeoutSeconds: 300,
  },
  {
    name: "RequeueFailedMail",
    handler: "functions/queues/requeue-failed-mail.ts",
    description:
      "Reads a failed mail batch's records back from the stream and puts its unsent messages in the sweeper's queue",
    queue: { name: "mailFailures", batchSize: 1, maxReceiveCount: 5 },
    readsStream: true,
    // A signature's own email becomes an outbox message: its link and its count against the caps.
    settings: ["TABLE_NAME", "PUBLIC_URL", "MAIL_PER_ADDRESS_DAY", "MAIL_PER_PETITION_DAY"],
    table: "read-write",
    // A range the stream no longer holds is found by scanning the table.
    timeoutSeconds: 900,
  },
  // Schedules
  {
    name: "ReconcileCounts",
    handler: "functions/scheduled/reconcile-counts.ts",
    description:
      "Merges count deltas left behind; recounts marked and a few open petitions from their validated signatures while quiet",
    schedule: { everyMinutes: 5 },
    settings: [
      "TABLE_NAME",
      ...THRESHOLDS,
      "THRESHOLD_FOR_MODERATION_DELAY",
      "SIGNER_INDEX_SHARDS",
      "RECONCILE_PETITIONS_PER_RUN",
    ],
    table: "read-write",
    timeoutSeconds: 300,
  },
  {
    name: "SweepOutbox",
    handler: "functions/scheduled/sweep-outbox.ts",
    description: "Sends outbox messages the stream consumer gave up on, each exactly once",
    schedule: { everyMinutes: 5 },
    settings: [...MAIL, "OUTBOX_SWEEP_AFTER_MINUTES"],
    table: "read-write",
    mail: true,
    timeoutSeconds: 120,
  },
  {
    name: "ProcessThresholds",
    handler: "functions/scheduled/process-thresholds.ts",
    description:
      "Stamps petitions that crossed 10,000 or 100,000, emails signers and reports to the committee; refreshes count snapshots due",
    schedule: { everyMinutes: 1 },
    settings: [
      "TABLE_NAME",
      "THRESHOLD_FOR_RESPONSE",
      "THRESHOLD_FOR_DEBATE",
      "REPORT_EMAIL",
      "SIGNER_INDEX_SHARDS",
    ],
    table: "read-write",
    timeoutSeconds: 60,
  },
  {
    name: "MarkDebated",
    handler: "functions/scheduled/mark-debated.ts",
    description: "Marks scheduled debates whose date has passed as debated",
    schedule: { everyMinutes: 60 },
    settings: ["TABLE_NAME"],
    table: "read-write",
  },
  {
    name: "AnonymiseSignatures",
    handler: "functions/scheduled/anonymise-signatures.ts",
    description:
      "Removes signers' personal data six months after a petition ended, and from petitions never published",
    schedule: { everyMinutes: 1440 },
    settings: ["TABLE_NAME", "ANONYMISE_AFTER_MONTHS", "UNPUBLISHED_RETENTION_MONTHS", "SIGNER_INDEX_SHARDS"],
    table: "read-write",
    timeoutSeconds: 900,
  },
  {
    name: "WatchMailJobs",
    handler: "functions/scheduled/watch-mail-jobs.ts",
    description: "Reports mass-mail jobs that have sent nothing for 15 minutes (MailJobStalled)",
    schedule: { everyMinutes: 5 },
    settings: ["TABLE_NAME"],
    table: "read-write",
    timeoutSeconds: 60,
  },
  {
    name: "ClosePetitions",
    handler: "functions/scheduled/close-petitions.ts",
    description:
      "Closes open petitions whose closing date has passed; at dissolution, closes and stops the rest",
    schedule: { everyMinutes: 15 },
    // The announcement groups signers by the keyed hash of their email.
    settings: [
      "TABLE_NAME",
      "THRESHOLD_FOR_RESPONSE",
      "THRESHOLD_FOR_DEBATE",
      "SIGNER_INDEX_SHARDS",
      "HASH_KEY_ARN",
      "HASH_KEY",
    ],
    table: "read-write",
    timeoutSeconds: 300,
  },
]);

/** Every function; the engines read each entry through the plain `FunctionSpec` shape. */
export const topology: readonly FunctionSpec[] = declared;

/** An entry as declared: its literal name and settings. */
export type TopologyEntry = (typeof declared)[number];
/** The name of a function of the topology. */
export type FunctionName = TopologyEntry["name"];
/** The settings the topology passes the function `N`: the only ones it may read. */
export type SettingsOf<N extends FunctionName> = Extract<TopologyEntry, { name: N }>["settings"][number];
