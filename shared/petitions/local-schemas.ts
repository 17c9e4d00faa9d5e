/**
 * The schemas of `/constituencies.json` and the local petitions routes: what their handler
 * validates and answers, and what the OpenAPI document says they do.
 */
import * as z from "../zod.ts";

export const constituencySchema = z.object({
  mp: z.nullable(z.string()),
  party: z.nullable(z.string()),
  constituency: z.string(),
  ons_code: z.string(),
  start_date: z.nullable(z.string()),
  end_date: z.nullable(z.string()),
});
/** Keyed by ONS code, as e-petitions' /constituencies.json. */
export const constituenciesSchema = z.record(z.string(), constituencySchema);

export const localPetitionsSchema = z.object({
  constituency: z.string(),
  mp: z.optional(z.object({ name: z.string(), url: z.nullable(z.string()) })),
  petitions: z.array(
    z.object({
      action: z.string(),
      url: z.string(),
      state: z.enum(["open", "closed"]),
      constituency_signature_count: z.number().check(z.int()),
      total_signature_count: z.number().check(z.int()),
    }),
  ),
});

/** `/petitions/local/{slug}`: the slug, with `.json` or `.csv` for data. */
export const localSlugPath = z.object({ slug: z.string().check(z.maxLength(130)) });
/** `/petitions/local/{slug}/{view}`: open and closed petitions, as a page, JSON or CSV. */
export const localViewPath = z.object({
  slug: z.string().check(z.maxLength(120)),
  view: z.enum(["all", "all.json", "all.csv"]),
});
/** The search's postcode; other parameters are ignored, as e-petitions does. */
export const localSearchQuery = z.object({ postcode: z.optional(z.string()) });
