/**
 * One archived petition and its JSON's shape: apart from the parliaments' contracts, so the
 * public pages' function that serves it carries none of the sysadmins' schemas.
 */
import { answers, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import * as z from "../../shared/zod.ts";

export const archivedPetition = z.object({
  type: z.literal("archived-petition"),
  id: z.number(),
  links: z.optional(z.object({ self: z.string() })),
  parliament: z.object({
    period: z.nullable(z.string()),
    government: z.nullable(z.string()),
    dissolution_at: z.nullable(z.string()),
    response_threshold: z.nullable(z.number()),
    debate_threshold: z.nullable(z.number()),
  }),
  attributes: z.record(z.string(), z.unknown()),
});

export const archivedPetitionRoute = defineRoute({
  route: "GET /archived/petitions/{id}",
  summary: "One archived petition, with the parliament it belonged to",
  description:
    "`<id>.json`: e-petitions' archived petition JSON; `<id>` alone is its page (another format: 404).",
  path: z.object({
    id: z.string().check(z.maxLength(64), z.describe("`<id>` for the page, `<id>.json` for JSON")),
  }),
  cache: { maxAge: 60, staleWhileRevalidate: 120, staleIfError: 300 },
  responses: {
    200: {
      description: "The petition",
      schema: z.object({ links: z.object({ self: z.string() }), data: archivedPetition }),
    },
    400: answers.badId,
    404: { description: "No archived petition has that id", schema: errorsSchema },
  },
});
