/** POST /admin/petitions/{id}/moderation: a moderator publishes, rejects, flags or restores. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { moderate } from "../../shared/petitions/moderation.ts";
import { presentAdminPetition } from "../../shared/petitions/queues.ts";
import { siteSettings } from "../../shared/site/settings.ts";
import { moderatePetitionRoute } from "./moderate-petition.contract.ts";

const config = functionConfig("ModeratePetition");

export const handler = httpRoute(moderatePetitionRoute, async ({ path, body, staff }) => {
  if (!staff) throw new Error("The moderator role check did not run");
  // A petition published now runs for the duration in effect (site settings).
  const site = await siteSettings(config);
  const settings = { ...config, PETITION_DURATION_MONTHS: site.petition_duration_months };
  const petition = await moderate(path.id, body, staff, new Date(), settings);
  return json(200, { data: presentAdminPetition(petition) }, { "cache-control": "no-store" });
});
