/** The parliaments (public list) and the sysadmins' dissolution: their contracts. */
import * as z from "zod";
import { answers, anyObject, defineRoute } from "../../shared/http/contract.ts";
import { dissolutionSchema } from "../../shared/petitions/parliament.ts";
import { errorsSchema } from "../../shared/petitions/petition-json.ts";

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
          period: z.string().nullable(),
          dissolution_at: z.string().nullable(),
          government: z.string().nullable(),
          response_threshold: z.number().nullable(),
          debate_threshold: z.number().nullable(),
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

export const parliamentRoutes = [
  parliamentsJsonRoute,
  getParliamentRoute,
  setParliamentRoute,
  announceRoute,
] as const;
