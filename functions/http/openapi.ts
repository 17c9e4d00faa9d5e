/** GET /openapi.json: OpenAPI 3.1 for every route of the topology, from the routes' zod schemas. */

import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { buildOpenApi } from "../../shared/http/openapi.ts";
import { json } from "../../shared/http/responses.ts";
import { documentDataDir } from "../../shared/http/route-docs.ts";
import { topology } from "../../shared/topology.ts";

const config = functionConfig("OpenApi");
documentDataDir(config.DATA_DIR);
let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpRoute({ cache: { maxAge: 300, staleWhileRevalidate: 3600 } }, async () => {
  document ??= buildOpenApi(topology, {
    title: `${config.SERVICE_NAME} API`,
    version: "1",
    description:
      "Public reads follow petition.parliament.uk's JSON field for field; writes and staff routes are this service's own.",
    serverUrl: config.PUBLIC_URL,
  });
  return json(200, document);
});
