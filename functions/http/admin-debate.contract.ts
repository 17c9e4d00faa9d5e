/** PUT /admin/petitions/{id}/debate: the contract its handler validates with and the OpenAPI document shows. */
import { petitionUpdateRoute } from "../../shared/http/contract.ts";
import { debateSchema } from "../../shared/petitions/responses.ts";

export const debateRoute = petitionUpdateRoute({
  route: "PUT /admin/petitions/{id}/debate",
  summary: "Schedule a debate, record its outcome, or record that there will be none",
  description:
    "A debate is scheduled for today or a later London day: a past `scheduled_debate_date` is refused with 422 naming the field (record the outcome instead).",
  body: debateSchema,
  conflict: "Only published petitions are debated",
});
