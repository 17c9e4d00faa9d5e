/** PUT /admin/petitions/{id}/debate: schedule a debate, record its outcome, or that there is none. */

import { functionConfig } from "../../shared/function-config.ts";
import { petitionUpdateHandler } from "../../shared/http/petition-update.ts";
import { setDebate } from "../../shared/petitions/responses.ts";
import { debateRoute } from "./admin-debate.contract.ts";

const config = functionConfig("AdminDebate");

export const handler = petitionUpdateHandler(debateRoute, setDebate, config);
