/** GET /openapi.json: the contract its handler validates with and the document shows of itself. */
import { anyObject, defineRoute } from "../../shared/http/contract.ts";

export const openApiRoute = defineRoute({
  route: "GET /openapi.json",
  summary: "This document",
  cache: { maxAge: 300, staleWhileRevalidate: 3600 },
  responses: { 200: { description: "OpenAPI 3.1", schema: anyObject } },
});
