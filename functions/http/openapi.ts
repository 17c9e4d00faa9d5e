/** GET /openapi.json: OpenAPI 3.1 for every route of the topology, from the routes' zod schemas. */

import { functionConfig } from "../../shared/function-config.ts";
import { loadUkData } from "../../shared/geo/uk-data.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { buildOpenApi } from "../../shared/http/openapi.ts";
import { json } from "../../shared/http/responses.ts";
import { signerSchema } from "../../shared/signatures/submitted-fields.ts";
import { topology } from "../../shared/topology.ts";
import { routeContracts } from "../contracts.ts";
import { openApiRoute } from "./openapi.contract.ts";

const config = functionConfig("OpenApi");
let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpRoute(openApiRoute, async () => {
  document ??= buildOpenApi(
    topology,
    // The signer's schema needs the UK data: read when the document is first asked for.
    routeContracts({ signer: signerSchema(loadUkData(config.DATA_DIR)) }),
    {
      title: `${config.SERVICE_NAME} API`,
      version: "1",
      description:
        "Public reads follow petition.parliament.uk's JSON field for field; writes and staff routes are this service's own.",
      serverUrl: config.PUBLIC_URL,
    },
  );
  return json(200, document);
});
