/**
 * A browser's GET of a function's first public page route (or of a path no route matches), as
 * API Gateway hands it to a deployed function behind CloudFront: with the origin secret and the
 * viewer's address the edge adds. For running a bundle's handler outside the local engine.
 */
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../../shared/edge.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";

export function pageRequest(
  spec: Pick<FunctionSpec, "routes">,
  originSecret: string,
): Record<string, unknown> {
  const route = spec.routes?.find((r) => r.method === "GET" && r.auth === "public");
  const path = route ? route.path.replace(/\{[^}]+\}/g, "1") : "/no-such-page";
  const routeKey = route ? `GET ${route.path}` : "$default";
  return {
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers: {
      accept: "text/html",
      [ORIGIN_SECRET_HEADER]: originSecret,
      [VIEWER_ADDRESS_HEADER]: "192.0.2.1:50000",
    },
    pathParameters: route?.path.includes("{") ? { id: "1" } : undefined,
    requestContext: {
      http: { method: "GET", path, sourceIp: "192.0.2.1" },
      requestId: "edge-request",
      routeKey,
      stage: "$default",
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}
