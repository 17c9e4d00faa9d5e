/** PUT /admin/petitions/{id}/government-response: record the response; optionally email signers. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentAttributes } from "../../shared/petitions/present.ts";
import { governmentResponseSchema, setGovernmentResponse } from "../../shared/petitions/responses.ts";
import { petitionIdPath } from "../../shared/signatures/request.ts";

const config = functionConfig("AdminGovernmentResponse");

export const handler = httpRoute(
  { role: "moderator", path: petitionIdPath, body: governmentResponseSchema },
  async ({ path, body, staff }) => {
    if (!staff) throw new Error("The moderator role check did not run");
    const { petition, jobId } = await setGovernmentResponse(path.id, body, staff, new Date(), config);
    return json(200, { data: { id: petition.id, attributes: presentAttributes(petition) }, job_id: jobId });
  },
);
