/** PUT /admin/petitions/{id}/government-response: record the response; optionally email signers. */
import { loadConfig } from "../../shared/config.ts";
import { petitionUpdateHandler } from "../../shared/http/petition-update.ts";
import { setGovernmentResponse } from "../../shared/petitions/responses.ts";
import { governmentResponseRoute } from "./admin-government-response.contract.ts";

const config = loadConfig(["TABLE_NAME", "SIGNER_INDEX_SHARDS"]);

export const handler = petitionUpdateHandler(governmentResponseRoute, setGovernmentResponse, config);
