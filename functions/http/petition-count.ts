import { SHOW_STATES } from "../../shared/domain/petition-state.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentCount } from "../../shared/petitions/present.ts";
import { publicPetition } from "../../shared/petitions/public.ts";
import { petitionCountRoute } from "./petition-count.contract.ts";

functionConfig("PetitionCount");

// As petition.parliament.uk's `count`, which has no redirect before publication: a petition
// gathering supporters or being checked answers its count too (no text, nothing personal).
export const handler = httpRoute(petitionCountRoute, async ({ path }) =>
  json(200, presentCount(await publicPetition(path.id, SHOW_STATES))),
);
