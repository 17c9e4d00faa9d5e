import { PUBLISHED_STATES } from "../../shared/domain/petition-state.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { signaturesOverTime } from "../../shared/petitions/history.ts";
import { publicPetition } from "../../shared/petitions/public.ts";
import { signaturesOverTimeRoute } from "./signatures-over-time.contract.ts";

const config = functionConfig("SignaturesOverTime");

// Only a published petition has a series: a rejected one is not found here.
export const handler = httpRoute(signaturesOverTimeRoute, async ({ path }) => {
  const petition = await publicPetition(path.id, PUBLISHED_STATES);
  return json(200, await signaturesOverTime(petition, config.PUBLIC_URL, new Date()));
});
