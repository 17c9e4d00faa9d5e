/**
 * GET /constituencies.json and the local petitions routes: the contracts their handler
 * validates with and the OpenAPI document shows. A slug or view that names nothing is a 404,
 * as any other address that is not a page, so the paths take any short string.
 */
import { answers, defineRoute } from "../../shared/http/contract.ts";
import {
  constituenciesSchema,
  localPetitionsSchema,
  localSearchQuery,
} from "../../shared/petitions/local-schemas.ts";
import * as z from "../../shared/zod.ts";

const localPetitionsAnswers = {
  200: { description: "The petitions", schema: localPetitionsSchema },
  404: { description: "No constituency has that name", schema: answers.notFound.schema },
};

export const constituenciesRoute = defineRoute({
  route: "GET /constituencies.json",
  summary: "Every constituency with its MP and party, keyed by ONS code",
  description:
    "As petition.parliament.uk's /constituencies.json; `start_date` and `end_date` are the constituency's (the July 2024 boundaries), `mp` and `party` null for a vacant seat.",
  responses: { 200: { description: "The constituencies", schema: constituenciesSchema } },
});

export const localSearchRoute = defineRoute({
  route: "GET /petitions/local",
  summary: "Search signed petitions by postcode: redirects to the postcode's constituency",
  query: localSearchQuery,
  responses: {
    200: answers.page("The search form, saying so when the postcode has no constituency"),
    302: { description: "To /petitions/local/<slug>" },
  },
});

export const localPetitionsRoute = defineRoute({
  route: "GET /petitions/local/{slug}",
  summary: "The open petitions most signed in one constituency (at most 50), with its MP",
  description:
    "`<slug>` is the constituency's name as e-petitions writes it (`queen-s-park-and-maida-vale`); add `.json` or `.csv` for data. Ordered by signatures from the constituency.",
  path: z.object({ slug: z.string().check(z.maxLength(130)) }),
  responses: localPetitionsAnswers,
});

export const allLocalPetitionsRoute = defineRoute({
  route: "GET /petitions/local/{slug}/{view}",
  summary: "The open or closed petitions most signed in one constituency (at most 50), with its MP",
  description:
    "`<view>` is `all` (a page), `all.json` or `all.csv` (Petition, URL, State, Local Signatures, Total Signatures). Ordered by signatures from the constituency.",
  path: z.object({ slug: z.string().check(z.maxLength(120)), view: z.string().check(z.maxLength(20)) }),
  responses: localPetitionsAnswers,
});

export const localRoutes = [
  constituenciesRoute,
  localSearchRoute,
  localPetitionsRoute,
  allLocalPetitionsRoute,
] as const;
