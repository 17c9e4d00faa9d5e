/** GET /petitions/{id}/gathering-support and /moderation-info: a petition's pages before publication. */
import { answers, defineRoute, publicPetitionAnswers } from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";

const statusPage = <
  K extends "GET /petitions/{id}/gathering-support" | "GET /petitions/{id}/moderation-info",
>(
  route: K,
  summary: string,
) =>
  defineRoute({
    route,
    summary,
    description:
      "As petition.parliament.uk: a petition in another state redirects (302) to its own page, a stopped one to the home page.",
    tags: ["pages"],
    path: petitionIdPath,
    responses: {
      200: answers.page("The page: supporters so far and what happens next"),
      302: { description: "The page the petition's state gives it" },
      ...publicPetitionAnswers,
    },
  });

export const petitionStatusRoutes = [
  statusPage("GET /petitions/{id}/gathering-support", "A petition still gathering supporters"),
  statusPage("GET /petitions/{id}/moderation-info", "A petition being checked before publication"),
] as const;
