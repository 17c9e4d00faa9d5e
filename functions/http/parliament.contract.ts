/** The parliaments (public list) and the sysadmins' dissolution: their contracts. */
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { ARCHIVED_STATES } from "../../shared/petitions/archive.ts";
import { dissolutionSchema } from "../../shared/petitions/dissolution-input.ts";
import * as z from "../../shared/zod.ts";
import { archivedPetition, archivedPetitionRoute } from "./archived-petition.contract.ts";

export const parliamentsJsonRoute = defineRoute({
  route: "GET /parliaments.json",
  summary: "The dissolved parliaments, oldest first",
  description:
    "As petition.parliament.uk's /parliaments.json: `[{period, dissolution_at, government, response_threshold, debate_threshold}]`.",
  cache: { maxAge: 60, staleWhileRevalidate: 120, staleIfError: 300 },
  responses: {
    200: {
      description: "The parliaments",
      schema: z.array(
        z.object({
          period: z.nullable(z.string()),
          dissolution_at: z.nullable(z.string()),
          government: z.nullable(z.string()),
          response_threshold: z.nullable(z.number()),
          debate_threshold: z.nullable(z.number()),
        }),
      ),
    },
  },
});

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };

export const getParliamentRoute = defineRoute({
  route: "GET /admin/parliament",
  summary: "The current parliament and its dissolution, with who changed it and when",
  role: "sysadmin",
  responses: { 200: { description: "The parliament", schema: anyObject }, ...staffAnswers },
});

export const setParliamentRoute = defineRoute({
  route: "PUT /admin/parliament",
  summary: "Set the current parliament's dissolution",
  description:
    "e-petitions' dissolution fields; each absent one is cleared. `dissolution_at` (ISO 8601) needs `dissolution_heading` and `dissolution_message`; `notification_cutoff_at` and `registration_closed_at` must not be after it. At `dissolution_at` the closing schedule closes every open petition early and stops every undecided one.",
  role: "sysadmin",
  body: dissolutionSchema,
  responses: {
    200: { description: "Saved", schema: anyObject },
    ...staffAnswers,
    409: { description: "The parliament has dissolved, or changed meanwhile", schema: errorsSchema },
    422: answers.invalid,
  },
});

export const announceRoute = defineRoute({
  route: "POST /admin/parliament/announcement",
  summary: "Email every subscribed signer of an open petition that Parliament is dissolving",
  description:
    "As e-petitions' send emails: needs `dissolution_at`, `dissolution_faq_url`, `show_dissolution_notification`, `registration_closed_at` and `election_date` set (422 names each missing one). The closing schedule then sends one email per person, naming up to five of their petitions and how many more. Once per parliament (409 after).",
  role: "sysadmin",
  responses: {
    202: { description: "Asked for; the closing schedule sends it", schema: anyObject },
    ...staffAnswers,
    409: { description: "Already asked for, or the parliament has dissolved", schema: errorsSchema },
    422: answers.invalid,
  },
});

const digits = (field: string, max: number) =>
  z
    .pipe(
      z.string().check(z.regex(/^[1-9]\d*$/, `The ${field} must be a whole number from 1`)),
      z.transform(Number),
    )
    .check(z.refine((n) => n <= max, `The ${field} must be at most ${max}`));

export const archivedListQuery = z.object({
  parliament: z.optional(digits("parliament", 9999)),
  state: z._default(z.enum(["all", ...ARCHIVED_STATES]), "all"),
  q: z._default(z.string().check(z.maxLength(255, "Use 255 characters or fewer")), ""),
  page: z._default(digits("page", 99_999), 1),
  count: z._default(digits("count", 50), 25),
});

export const archivedListRoute = defineRoute({
  route: "GET /archived/petitions.json",
  summary: "A dissolved parliament's petitions, as archived (closed and rejected)",
  description:
    "As petition.parliament.uk's /archived/petitions.json: `parliament` (its number; the latest dissolved when absent), `state` (`all`, `closed`, `rejected`), `q` (words in the action), `page`, `count` (at most 50). Ordered by state, then id. `links.last` is null: the archive keeps no count per search.",
  query: archivedListQuery,
  cache: { maxAge: 60, staleWhileRevalidate: 120, staleIfError: 300 },
  responses: {
    200: {
      description: "The page",
      schema: z.object({
        links: z.object({
          self: z.string(),
          first: z.string(),
          last: z.null(),
          next: z.nullable(z.string()),
          prev: z.nullable(z.string()),
        }),
        data: z.array(archivedPetition),
      }),
    },
    404: { description: "No dissolved parliament has that number", schema: errorsSchema },
    422: answers.invalid,
  },
});

export const parliamentRoutes = [
  parliamentsJsonRoute,
  getParliamentRoute,
  setParliamentRoute,
  announceRoute,
  archivedListRoute,
  archivedPetitionRoute,
] as const;
