/**
 * The public read API's shapes as zod schemas: each route's contract names them, so the OpenAPI
 * document is generated from them, and the tests check every answer against them, so the document
 * and the service cannot drift apart. Field for field as petition.parliament.uk (reference §7).
 */
import * as z from "zod";
import { listFacets } from "./facets.ts";

const timestamp = z.iso.datetime({ precision: 3 }).describe("ISO 8601 UTC with milliseconds");
const date = z.iso.date().describe("YYYY-MM-DD");
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

/** A petition's id as a path segment: every route that names a petition reads it with this. */
export const petitionId = z
  .string()
  .regex(/^\d{1,9}$/, "Not a petition id")
  .transform(Number);

/** A petition id in the path: 400 when not an integer, 404 when no petition can have it. */
export { petitionIdPathParam as petitionIdPath } from "./petition-id.ts";

/**
 * `/petitions/{id}`: API Gateway gives the one segment, `<id>.json` for the JSON and `<id>` for
 * the petition's page.
 */

export const petitionAttributesSchema = z.object({
  action: nullable(z.string()),
  background: nullable(z.string()),
  additional_details: nullable(z.string()),
  committee_note: nullable(z.string()),
  state: z.enum(["open", "closed", "rejected", "hidden"]),
  signature_count: z.number().int().nonnegative(),
  closing_date: date.optional().describe("Only while open"),
  created_at: timestamp,
  updated_at: timestamp,
  rejected_at: nullable(timestamp),
  opened_at: nullable(timestamp),
  closed_at: nullable(timestamp),
  moderation_threshold_reached_at: nullable(timestamp),
  response_threshold_reached_at: nullable(timestamp),
  government_response_at: nullable(timestamp),
  debate_threshold_reached_at: nullable(timestamp),
  debate_scheduled_on: nullable(date),
  scheduled_debate_date: nullable(date),
  debate_outcome_at: nullable(timestamp),
  creator_name: nullable(z.string()).describe("null unless open"),
  rejection: nullable(z.object({ code: z.string(), details: nullable(z.string()) })),
  government_response: nullable(
    z.object({
      responded_on: date,
      summary: z.string(),
      details: z.string(),
      created_at: timestamp,
      updated_at: timestamp,
    }),
  ),
  debate: nullable(
    z.object({
      debated_on: nullable(date),
      transcript_url: nullable(z.string()),
      video_url: nullable(z.string()),
      debate_pack_url: nullable(z.string()),
      public_engagement_url: nullable(z.string()),
      debate_summary_url: nullable(z.string()),
      overview: nullable(z.string()),
    }),
  ),
  departments: z.array(z.object({ acronym: z.string(), name: z.string(), url: z.string() })),
  topics: z.array(z.string()),
});

export const petitionDetailAttributesSchema = petitionAttributesSchema.extend({
  signatures_by_country: z
    .array(z.object({ name: z.string(), code: z.string(), signature_count: z.number().int() }))
    .optional(),
  signatures_by_constituency: z
    .array(
      z.object({
        name: z.string(),
        ons_code: z.string(),
        mp: nullable(z.string()),
        signature_count: z.number().int(),
      }),
    )
    .optional(),
  signatures_by_region: z
    .array(z.object({ name: z.string(), ons_code: z.string(), signature_count: z.number().int() }))
    .optional(),
  other_parliamentary_business: z
    .array(
      z.object({
        subject: z.string(),
        body: z.string(),
        occurred_on: date,
        created_at: timestamp,
        updated_at: timestamp,
      }),
    )
    .optional(),
});

const selfLink = z.object({ self: z.url() });

export const petitionListItemSchema = z.object({
  type: z.literal("petition"),
  id: z.number().int().positive(),
  links: selfLink,
  attributes: petitionAttributesSchema,
});

export const petitionListSchema = z
  .object({
    links: z.object({
      self: z.url(),
      first: z.url(),
      last: z.url(),
      next: nullable(z.url()),
      prev: nullable(z.url()),
    }),
    data: z.array(petitionListItemSchema),
  })
  .meta({ id: "PetitionList" });

export const petitionShowSchema = z
  .object({
    links: selfLink,
    data: z.object({
      type: z.literal("petition"),
      id: z.number().int().positive(),
      attributes: petitionDetailAttributesSchema,
    }),
  })
  .meta({ id: "Petition" });

/** count.json's times are Rails' own JSON of a London time: milliseconds and the offset, never `Z`. */
const londonTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/)
  .describe("ISO 8601 London time with milliseconds and offset (+00:00 or +01:00)");

export const petitionCountSchema = z
  .object({
    signature_count: z.number().int().nonnegative(),
    response_threshold_reached_at: nullable(londonTimestamp),
    government_response_at: nullable(londonTimestamp),
    debate_threshold_reached_at: nullable(londonTimestamp),
    scheduled_debate_date: nullable(date),
    debate_outcome_at: nullable(londonTimestamp),
    debated: z.boolean(),
  })
  .meta({ id: "PetitionCount" });

export const trendingSchema = z
  .object({
    links: selfLink,
    data: z.array(
      z.object({
        type: z.literal("petition"),
        id: z.number().int().positive(),
        links: selfLink,
        attributes: z.object({
          action: z.string(),
          signature_count: z.number().int().describe("Signatures in the last hour"),
        }),
      }),
    ),
    meta: z.object({ updated_at: timestamp }),
  })
  .meta({ id: "Trending" });

export const signaturesOverTimeSchema = z
  .object({
    links: z.object({ self: z.url(), petition: z.url() }),
    data: z.object({
      type: z.literal("signatures-over-time"),
      id: z.number().int().positive(),
      attributes: z.object({
        opened_at: nullable(timestamp),
        closed_at: nullable(timestamp),
        signature_count: z.number().int(),
        interval: z.literal("hour"),
        starting_count: z.number().int().describe("Signatures counted before the petition opened"),
        hours: z.array(
          z.object({
            hour: timestamp.describe("The hour's start"),
            signature_count: z.number().int().describe("Signatures counted in that hour"),
            total: z.number().int().describe("Running total at the hour's end"),
          }),
        ),
      }),
    }),
  })
  .meta({ id: "SignaturesOverTime" });

export const errorsSchema = z
  .object({
    errors: z.array(z.object({ field: z.string().optional(), code: z.string(), message: z.string() })),
  })
  .meta({ id: "Errors" });

export const facetParam = z.enum(listFacets);
