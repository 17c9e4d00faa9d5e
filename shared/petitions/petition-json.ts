/**
 * The public read API's shapes as zod schemas: each route's contract names them, so the OpenAPI
 * document is generated from them, and the tests check every answer against them, so the document
 * and the service cannot drift apart. Field for field as petition.parliament.uk (reference §7).
 */
import * as z from "../zod.ts";
import { listFacets } from "./facets.ts";

const timestamp = z.iso.datetime({ precision: 3 }).check(z.describe("ISO 8601 UTC with milliseconds"));
const date = z.iso.date().check(z.describe("YYYY-MM-DD"));

/** A petition's id as a path segment: every route that names a petition reads it with this. */
export const petitionId = z.pipe(
  z.string().check(z.regex(/^\d{1,9}$/, "Not a petition id")),
  z.transform(Number),
);

/** A petition id in the path: 400 when not an integer, 404 when no petition can have it. */
export { petitionIdPathParam as petitionIdPath } from "./petition-id.ts";

/**
 * `/petitions/{id}`: API Gateway gives the one segment, `<id>.json` for the JSON and `<id>` for
 * the petition's page.
 */

export const petitionAttributesSchema = z.object({
  action: z.nullable(z.string()),
  background: z.nullable(z.string()),
  additional_details: z.nullable(z.string()),
  committee_note: z.nullable(z.string()),
  state: z.enum(["open", "closed", "rejected", "hidden"]),
  signature_count: z.number().check(z.int(), z.nonnegative()),
  closing_date: z.optional(date).check(z.describe("Only while open")),
  created_at: timestamp,
  updated_at: timestamp,
  rejected_at: z.nullable(timestamp),
  opened_at: z.nullable(timestamp),
  closed_at: z.nullable(timestamp),
  moderation_threshold_reached_at: z.nullable(timestamp),
  response_threshold_reached_at: z.nullable(timestamp),
  government_response_at: z.nullable(timestamp),
  debate_threshold_reached_at: z.nullable(timestamp),
  debate_scheduled_on: z.nullable(date),
  scheduled_debate_date: z.nullable(date),
  debate_outcome_at: z.nullable(timestamp),
  creator_name: z.nullable(z.string()).check(z.describe("null unless open")),
  rejection: z.nullable(z.object({ code: z.string(), details: z.nullable(z.string()) })),
  government_response: z.nullable(
    z.object({
      responded_on: date,
      summary: z.string(),
      details: z.string(),
      created_at: timestamp,
      updated_at: timestamp,
    }),
  ),
  debate: z.nullable(
    z.object({
      debated_on: z.nullable(date),
      transcript_url: z.nullable(z.string()),
      video_url: z.nullable(z.string()),
      debate_pack_url: z.nullable(z.string()),
      public_engagement_url: z.nullable(z.string()),
      debate_summary_url: z.nullable(z.string()),
      overview: z.nullable(z.string()),
    }),
  ),
  departments: z.array(z.object({ acronym: z.string(), name: z.string(), url: z.string() })),
  topics: z.array(z.string()),
});

export const petitionDetailAttributesSchema = z.extend(petitionAttributesSchema, {
  signatures_by_country: z.optional(
    z.array(z.object({ name: z.string(), code: z.string(), signature_count: z.number().check(z.int()) })),
  ),
  signatures_by_constituency: z.optional(
    z.array(
      z.object({
        name: z.string(),
        ons_code: z.string(),
        mp: z.nullable(z.string()),
        signature_count: z.number().check(z.int()),
      }),
    ),
  ),
  signatures_by_region: z.optional(
    z.array(z.object({ name: z.string(), ons_code: z.string(), signature_count: z.number().check(z.int()) })),
  ),
  other_parliamentary_business: z.optional(
    z.array(
      z.object({
        subject: z.string(),
        body: z.string(),
        occurred_on: date,
        created_at: timestamp,
        updated_at: timestamp,
      }),
    ),
  ),
});

const selfLink = z.object({ self: z.url() });

export const petitionListItemSchema = z.object({
  type: z.literal("petition"),
  id: z.number().check(z.int(), z.positive()),
  links: selfLink,
  attributes: petitionAttributesSchema,
});

export const petitionListSchema = z
  .object({
    links: z.object({
      self: z.url(),
      first: z.url(),
      last: z.url(),
      next: z.nullable(z.url()),
      prev: z.nullable(z.url()),
    }),
    data: z.array(petitionListItemSchema),
  })
  .check(z.meta({ id: "PetitionList" }));

export const petitionShowSchema = z
  .object({
    links: selfLink,
    data: z.object({
      type: z.literal("petition"),
      id: z.number().check(z.int(), z.positive()),
      attributes: petitionDetailAttributesSchema,
    }),
  })
  .check(z.meta({ id: "Petition" }));

/** count.json's times are Rails' own JSON of a London time: milliseconds and the offset, never `Z`. */
const londonTimestamp = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/),
    z.describe("ISO 8601 London time with milliseconds and offset (+00:00 or +01:00)"),
  );

export const petitionCountSchema = z
  .object({
    signature_count: z.number().check(z.int(), z.nonnegative()),
    response_threshold_reached_at: z.nullable(londonTimestamp),
    government_response_at: z.nullable(londonTimestamp),
    debate_threshold_reached_at: z.nullable(londonTimestamp),
    scheduled_debate_date: z.nullable(date),
    debate_outcome_at: z.nullable(londonTimestamp),
    debated: z.boolean(),
  })
  .check(z.meta({ id: "PetitionCount" }));

export const trendingSchema = z
  .object({
    links: selfLink,
    data: z.array(
      z.object({
        type: z.literal("petition"),
        id: z.number().check(z.int(), z.positive()),
        links: selfLink,
        attributes: z.object({
          action: z.string(),
          signature_count: z.number().check(z.int(), z.describe("Signatures in the last hour")),
        }),
      }),
    ),
    meta: z.object({ updated_at: timestamp }),
  })
  .check(z.meta({ id: "Trending" }));

export const signaturesOverTimeSchema = z
  .object({
    links: z.object({ self: z.url(), petition: z.url() }),
    data: z.object({
      type: z.literal("signatures-over-time"),
      id: z.number().check(z.int(), z.positive()),
      attributes: z.object({
        opened_at: z.nullable(timestamp),
        closed_at: z.nullable(timestamp),
        signature_count: z.number().check(z.int()),
        interval: z.literal("hour"),
        starting_count: z
          .number()
          .check(z.int(), z.describe("Signatures counted before the petition opened")),
        hours: z.array(
          z.object({
            hour: timestamp.check(z.describe("The hour's start")),
            signature_count: z.number().check(z.int(), z.describe("Signatures counted in that hour")),
            total: z.number().check(z.int(), z.describe("Running total at the hour's end")),
          }),
        ),
      }),
    }),
  })
  .check(z.meta({ id: "SignaturesOverTime" }));

export const facetParam = z.enum(listFacets);
