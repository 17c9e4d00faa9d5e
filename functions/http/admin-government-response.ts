/** PUT /admin/petitions/{id}/government-response: record the response; optionally email signers. */

import { functionConfig } from "../../shared/function-config.ts";
import { petitionUpdateHandler } from "../../shared/http/petition-update.ts";
import { setGovernmentResponse } from "../../shared/petitions/responses.ts";
import { governmentResponseRoute } from "./admin-government-response.contract.ts";

const config = functionConfig("AdminGovernmentResponse");

export const handler = petitionUpdateHandler(governmentResponseRoute, setGovernmentResponse, config);
