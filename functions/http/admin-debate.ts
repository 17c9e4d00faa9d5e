/** PUT /admin/petitions/{id}/debate: schedule a debate, record its outcome, or that there is none. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentAttributes } from "../../shared/petitions/present.ts";
import { debateSchema, setDebate } from "../../shared/petitions/responses.ts";
import { petitionIdPath } from "../../shared/signatures/request.ts";

const config = functionConfig("AdminDebate");

export const handler = httpRoute(
  { role: "moderator", path: petitionIdPath, body: debateSchema },
  async ({ path, body, staff }) => {
    if (!staff) throw new Error("The moderator role check did not run");
    const { petition, jobId } = await setDebate(path.id, body, staff, new Date(), config);
    return json(200, { data: { id: petition.id, attributes: presentAttributes(petition) }, job_id: jobId });
  },
);
