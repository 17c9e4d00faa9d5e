/** GET /openapi.json: OpenAPI 3.1 for every route of the topology, from the routes' zod schemas. */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { OPENAPI_BODY, type OpenApiBody, withInfo } from "../../shared/http/openapi-info.ts";
import { json } from "../../shared/http/responses.ts";
import { openApiRoute } from "./openapi.contract.ts";

/**
 * Defined (true) by the bundler for deployed functions: the body was built at bundle time into
 * the data directory, so the bundle carries no contract and no schema converter.
 */
declare const PETITIONS_OPENAPI_BODY: boolean | undefined;

const config = functionConfig("OpenApi");
let document: ReturnType<typeof withInfo> | undefined;

async function body(): Promise<OpenApiBody> {
  if (typeof PETITIONS_OPENAPI_BODY !== "undefined" && PETITIONS_OPENAPI_BODY) {
    return JSON.parse(readFileSync(join(config.DATA_DIR, OPENAPI_BODY), "utf8")) as OpenApiBody;
  } else {
    // From the sources; the signer's schema needs the UK data, read when the document is first asked for.
    const { openApiBody } = await import("./openapi-body.ts");
    return openApiBody(config.DATA_DIR);
  }
}

export const handler = httpRoute(openApiRoute, async () => {
  document ??= withInfo(await body(), {
    title: `${config.SERVICE_NAME} API`,
    version: "1",
    description:
      "Public reads follow petition.parliament.uk's JSON field for field; writes and staff routes are this service's own.",
    serverUrl: config.PUBLIC_URL,
  });
  return json(200, document);
});
