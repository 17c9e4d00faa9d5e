/**
 * The schemas of `/constituencies.json` and the local petitions routes: what their handler
 * validates and answers, and what the OpenAPI document says they do.
 */
import * as z from "zod";

export const constituencySchema = z.object({
  mp: z.string().nullable(),
  party: z.string().nullable(),
  constituency: z.string(),
  ons_code: z.string(),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
});
/** Keyed by ONS code, as e-petitions' /constituencies.json. */
export const constituenciesSchema = z.record(z.string(), constituencySchema);

export const localPetitionsSchema = z.object({
  constituency: z.string(),
  mp: z.object({ name: z.string(), url: z.string().nullable() }).optional(),
  petitions: z.array(
    z.object({
      action: z.string(),
      url: z.string(),
      state: z.enum(["open", "closed"]),
      constituency_signature_count: z.number().int(),
      total_signature_count: z.number().int(),
    }),
  ),
});

/** `/petitions/local/{slug}`: the slug, with `.json` or `.csv` for data. */
export const localSlugPath = z.object({ slug: z.string().max(130) });
/** `/petitions/local/{slug}/{view}`: open and closed petitions, as a page, JSON or CSV. */
export const localViewPath = z.object({
  slug: z.string().max(120),
  view: z.enum(["all", "all.json", "all.csv"]),
});
/** The search's postcode; other parameters are ignored, as e-petitions does. */
export const localSearchQuery = z.object({ postcode: z.string().optional() });
