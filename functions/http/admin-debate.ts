/** PUT /admin/petitions/{id}/debate: schedule a debate, record its outcome, or that there is none. */
import { loadConfig } from "../../shared/config.ts";
import { petitionUpdateHandler } from "../../shared/http/petition-update.ts";
import { setDebate } from "../../shared/petitions/responses.ts";
import { debateRoute } from "./admin-debate.contract.ts";

const config = loadConfig(["TABLE_NAME", "SIGNER_INDEX_SHARDS"]);

export const handler = petitionUpdateHandler(debateRoute, setDebate, config);
