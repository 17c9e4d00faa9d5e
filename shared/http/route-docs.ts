/**
 * The OpenAPI registry's entries: one `documentRoute` per topology route, naming the schemas
 * its handler validates with and answers in. Adding a route to infra/topology.ts means adding
 * its entry here (test/unit/openapi.test.ts fails until you do). Import schemas from shared/,
 * never from a handler module (handlers read their settings when imported).
 */
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { loadUkData } from "../geo/uk-data.ts";
import {
  suppressionAddSchema,
  suppressionListSchema,
  suppressionLookupSchema,
  suppressionReasons,
} from "../mail/suppression.ts";
import { csvQuerySchema, listQuerySchema } from "../petitions/listing.ts";
import { moderationSchema } from "../petitions/moderation.ts";
import { queueQuerySchema } from "../petitions/queues.ts";
import { debateSchema, governmentResponseSchema } from "../petitions/responses.ts";
import {
  errorsSchema,
  petitionCountSchema,
  petitionIdParam,
  petitionJsonParam,
  petitionListSchema,
  petitionShowSchema,
  signaturesOverTimeSchema,
  trendingSchema,
} from "../petitions/schemas.ts";
import { thresholdReportQuery } from "../petitions/thresholds.ts";
import { blockKinds, blockSchema } from "../signatures/limits.ts";
import { signatureIdSchema } from "../signatures/model.ts";
import { tokenQuery } from "../signatures/request.ts";
import { petitionTextSchema, signerSchema } from "../signatures/schema.ts";
import { documentReads, documentRoute, type ResponseDoc, type RouteKey } from "./openapi.ts";
import { READ_BOUNDS } from "./read-bounds.ts";

const signer = () => signerSchema(loadUkData(loadConfig(["DATA_DIR"]).DATA_DIR));
const signatureIdParam = z.object({ id: signatureIdSchema });

const invalid: ResponseDoc = { description: "A parameter or field is out of range", schema: errorsSchema };
const notFound: ResponseDoc = { description: "No published petition has that id", schema: errorsSchema };
const badId: ResponseDoc = { description: "The petition id is not an integer", schema: errorsSchema };
const unauthorised: ResponseDoc = { description: "No staff token", schema: errorsSchema };
const forbidden: ResponseDoc = { description: "The token lacks the role", schema: errorsSchema };
const accepted = (description: string): ResponseDoc => ({
  description,
  schema: z.object({ status: z.literal("confirmation_sent") }),
});
const page = (description: string): ResponseDoc => ({ description, contentType: "text/html" });
const seeOther: ResponseDoc = { description: "Redirects to the next page" };
const anything = z.object({}).catchall(z.unknown());

// Public reads
documentRoute("GET /petitions.json", {
  summary: "Published petitions by facet, optionally searched",
  description:
    "As petition.parliament.uk's /petitions.json: `state` picks the facet (each ordered as there), `q` finds petitions holding every word in their action, background or additional details (case- and accent-insensitive).",
  query: listQuerySchema,
  responses: {
    200: {
      description: "One page; an out-of-range `page` or `count` reads as its default",
      schema: petitionListSchema,
    },
    302: { description: "An unknown `state`: to the same list with `state=all`" },
    422: invalid,
  },
});
documentRoute("GET /petitions/{id}", {
  summary: "One published petition, with its signatures by country, constituency and region",
  description: "Ask for `/petitions/<id>.json`.",
  path: petitionJsonParam,
  responses: {
    200: { description: "The petition", schema: petitionShowSchema },
    404: notFound,
    400: badId,
    406: { description: "A format other than .json (`.xml`, say)", schema: errorsSchema },
    410: { description: "The petition was taken down", schema: errorsSchema },
  },
});
documentRoute("GET /petitions/{id}/count.json", {
  summary: "A petition's live signature count and threshold stamps",
  path: petitionIdParam,
  responses: { 200: { description: "The count", schema: petitionCountSchema }, 400: badId, 404: notFound },
});
documentRoute("GET /trending.json", {
  summary: "The ten open petitions with the most signatures in the last hour",
  responses: { 200: { description: "Trending petitions", schema: trendingSchema } },
});
documentRoute("GET /petitions.csv", {
  summary: "The facet (or search) as CSV: Petition, URL, State, Signatures Count",
  query: csvQuerySchema,
  responses: { 200: { description: "CSV", contentType: "text/csv" }, 422: invalid },
});
documentRoute("GET /petitions/{id}/signatures-over-time.json", {
  summary: "Signatures per hour since the petition opened",
  path: petitionIdParam,
  responses: {
    200: { description: "The hourly series", schema: signaturesOverTimeSchema },
    404: notFound,
    422: invalid,
  },
});
documentRoute("GET /openapi.json", {
  summary: "This document",
  responses: { 200: { description: "OpenAPI 3.1", schema: anything } },
});

// Public writes
documentRoute("POST /petitions", {
  summary: "Start a petition; the creator confirms by email",
  body: () => z.intersection(petitionTextSchema, signer()),
  responses: {
    202: {
      description: "Created, pending the creator's confirmation",
      schema: z.object({ id: z.number().int(), state: z.literal("pending"), status: z.string() }),
    },
    422: invalid,
  },
});
documentRoute("POST /petitions/{id}/sponsors", {
  summary: "Support a petition from the creator's link",
  path: petitionIdParam,
  query: tokenQuery,
  body: signer,
  responses: { 202: accepted("A confirmation email is on its way"), 404: notFound, 422: invalid },
});
documentRoute("POST /petitions/{id}/signatures", {
  summary: "Sign an open petition",
  description: "The answer is the same whether or not that email had signed.",
  path: petitionIdParam,
  body: signer,
  responses: { 202: accepted("A confirmation email is on its way"), 404: notFound, 422: invalid },
});
documentRoute("GET /signatures/{id}/verify", {
  summary: "Confirm an email address from its link (HTML, or JSON with Accept: application/json)",
  path: signatureIdParam,
  query: tokenQuery,
  responses: {
    200: {
      description: "Confirmed",
      schema: z.object({
        status: z.literal("validated"),
        petition_id: z.number().int(),
        signature_count: z.number().int(),
        sponsor_url: z.string().optional(),
      }),
    },
    404: { description: "Not a valid link", schema: errorsSchema },
  },
});
documentRoute("GET /signatures/{id}/unsubscribe", {
  summary: "The unsubscribe page",
  path: signatureIdParam,
  query: tokenQuery,
  responses: { 200: page("The page"), 404: { description: "Not a valid link", schema: errorsSchema } },
});
documentRoute("POST /signatures/{id}/unsubscribe", {
  summary: "RFC 8058 one-click unsubscribe",
  path: signatureIdParam,
  query: tokenQuery,
  responses: {
    200: { description: "Unsubscribed", schema: anything },
    404: { description: "Not a valid link" },
  },
});

// Staff
documentRoute("GET /admin/petitions", {
  summary: "The moderation queues",
  query: queueQuerySchema,
  responses: {
    200: { description: "One page of a queue", schema: anything },
    401: unauthorised,
    403: forbidden,
  },
});
documentRoute("POST /admin/petitions/{id}/moderation", {
  summary: "Publish, reject, hide, flag, park or restore a petition",
  path: petitionIdParam,
  body: moderationSchema,
  forms: true,
  responses: {
    200: { description: "The petition after the decision", schema: anything },
    401: unauthorised,
    403: forbidden,
    409: {
      description: "The petition is no longer in a state the decision applies to",
      schema: errorsSchema,
    },
    422: invalid,
  },
});
documentRoute("GET /admin/blocks", {
  summary: "The block lists",
  responses: { 200: { description: "Every block", schema: anything }, 401: unauthorised, 403: forbidden },
});
documentRoute("POST /admin/blocks", {
  summary: "Block an IP, email domain or email",
  body: blockSchema,
  responses: {
    201: { description: "Blocked", schema: anything },
    401: unauthorised,
    403: forbidden,
    422: invalid,
  },
});
documentRoute("DELETE /admin/blocks", {
  summary: "Lift a block",
  query: z.object({ kind: z.enum(blockKinds), value: z.string() }),
  responses: {
    200: { description: "Lifted", schema: anything },
    401: unauthorised,
    403: forbidden,
    404: notFound,
  },
});

const suppressionEntry = z.object({
  id: z.string().describe("The keyed hash of the canonical address; the list holds no address"),
  reason: z.enum(suppressionReasons),
  domain: z.string().nullable(),
  detail: z.string().nullable(),
  created_at: z.string(),
  created_by: z.string().describe("`ses` for bounces and complaints, else the sysadmin's id"),
});
documentRoute("GET /admin/suppressions", {
  summary: "The suppression list: addresses that get no email at all",
  description:
    "Pages of 100 by key (`cursor` is the previous page's `next_cursor`); `email` looks one address up. Reads at most 100 items.",
  query: suppressionListSchema,
  responses: {
    200: {
      description: "One page",
      schema: z.object({ data: z.array(suppressionEntry), next_cursor: z.string().nullable() }),
    },
    401: unauthorised,
    403: forbidden,
    422: invalid,
  },
});
documentRoute("POST /admin/suppressions", {
  summary: "Suppress an address: it gets no email from now on",
  description: "An address already on the list keeps its first entry (200 with `added: false`).",
  body: suppressionAddSchema,
  responses: {
    201: { description: "Suppressed", schema: z.object({ data: suppressionEntry, added: z.literal(true) }) },
    200: {
      description: "Already suppressed",
      schema: z.object({ data: suppressionEntry, added: z.literal(false) }),
    },
    401: unauthorised,
    403: forbidden,
    422: invalid,
  },
});
documentRoute("DELETE /admin/suppressions", {
  summary: "Remove an address from the suppression list",
  query: suppressionLookupSchema,
  responses: {
    200: { description: "Removed", schema: z.object({ removed: z.object({ id: z.string() }) }) },
    401: unauthorised,
    403: forbidden,
    404: { description: "That address is not suppressed", schema: errorsSchema },
    422: invalid,
  },
});

documentRoute("PUT /admin/petitions/{id}/government-response", {
  summary: "Record the government's response; with email_signers, email every subscribed signer",
  path: petitionIdParam,
  body: governmentResponseSchema,
  responses: {
    200: { description: "The petition, and the mail job's id when signers are emailed", schema: anything },
    401: unauthorised,
    403: forbidden,
    409: { description: "Only published petitions get a response", schema: errorsSchema },
    422: invalid,
  },
});
documentRoute("PUT /admin/petitions/{id}/debate", {
  summary: "Schedule a debate, record its outcome, or record that there will be none",
  description:
    "A debate is scheduled for today or a later London day: a past `scheduled_debate_date` is refused with 422 naming the field (record the outcome instead).",
  path: petitionIdParam,
  body: debateSchema,
  responses: {
    200: { description: "The petition, and the mail job's id when signers are emailed", schema: anything },
    401: unauthorised,
    403: forbidden,
    409: { description: "Only published petitions are debated", schema: errorsSchema },
    422: invalid,
  },
});
const jobIdParam = z.object({ id: z.uuid() });
documentRoute("GET /admin/jobs/{id}", {
  summary: "A mass-mail job: total, sent, failed and state",
  path: jobIdParam,
  responses: {
    200: { description: "The job", schema: anything },
    401: unauthorised,
    403: forbidden,
    404: notFound,
  },
});
documentRoute("POST /admin/jobs/{id}/cancel", {
  summary: "Stop a running mass-mail job",
  path: jobIdParam,
  responses: {
    200: { description: "The job, cancelled", schema: anything },
    401: unauthorised,
    403: forbidden,
    404: notFound,
    409: { description: "The job has already finished", schema: errorsSchema },
  },
});
documentRoute("GET /admin/reports/thresholds", {
  summary: "Petitions that crossed 10,000 or 100,000 signatures since a time",
  query: thresholdReportQuery,
  responses: {
    200: { description: "The crossings, oldest first", schema: anything },
    401: unauthorised,
    403: forbidden,
    422: invalid,
  },
});

// Web pages (HTML; their forms post back to the same path)
const webPages: [`GET ${string}` | `POST ${string}`, string][] = [
  ["GET /", "The home page"],
  ["GET /petitions", "Petitions, by facet and search"],
  ["GET /help", "Help"],
  ["GET /help/{page}", "One help page"],
  ["GET /petitions/{id}/signatures/new", "The signing form"],
  ["POST /petitions/{id}/signatures/new", "Sends the signing form"],
  ["GET /petitions/{id}/sponsors/new", "The supporter form"],
  ["POST /petitions/{id}/sponsors/new", "Sends the supporter form"],
  ["GET /petitions/new", "The start-a-petition form"],
  ["POST /petitions/new", "Sends the start-a-petition form"],
  ["GET /staff", "The staff hub"],
  ["GET /staff/sign-in", "Staff sign-in"],
  ["POST /staff/sign-in", "Starts staff sign-in"],
  ["GET /staff/sign-in/callback", "Completes staff sign-in"],
  ["POST /staff/sign-out", "Signs staff out"],
  ["GET /staff/petitions/{id}", "One petition for moderators"],
  ["POST /staff/petitions/{id}/moderation", "A moderator's decision from the page"],
  ["POST /staff/petitions/{id}/government-response", "Records the government's response from the page"],
  ["POST /staff/petitions/{id}/debate", "Schedules a debate or records its outcome from the page"],
  ["GET /staff/jobs/{id}", "A mass-mail job's progress"],
  ["POST /staff/jobs/{id}/cancel", "Cancels a running mass-mail job"],
  ["GET /staff/reports/thresholds", "Petitions that crossed a threshold since a date"],
];
for (const [key, summary] of webPages) {
  const post = key.startsWith("POST");
  documentRoute(key, {
    summary,
    tags: ["pages"],
    ...(post ? { forms: true, body: anything } : {}),
    responses: post
      ? { 303: seeOther, 200: page("The form again, with its errors") }
      : { 200: page("The page") },
  });
}

for (const [key, reads] of Object.entries(READ_BOUNDS)) if (reads) documentReads(key as RouteKey, reads);
