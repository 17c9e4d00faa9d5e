/**
 * /assets/* on the local engine: the same files the CDK stack uploads to the assets bucket
 * (shared/web/assets.ts), read once at start-up and served from memory. Anything else under
 * /assets/ (GOV.UK's fonts and crown included) is a 404, as it is on AWS.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildAssets } from "../../shared/web/assets.ts";

export function assetRoutes() {
  const assets = new Map(buildAssets().map((asset) => [`/assets/${asset.key}`, asset]));
  return (request: IncomingMessage, response: ServerResponse, path: string): boolean => {
    if (!path.startsWith("/assets/")) return false;
    const asset = request.method === "GET" || request.method === "HEAD" ? assets.get(path) : undefined;
    response.setHeader("x-content-type-options", "nosniff");
    if (!asset) {
      response.statusCode = 404;
      response.setHeader("content-type", "text/plain; charset=utf-8");
      response.end("Not Found");
      return true;
    }
    response.statusCode = 200;
    response.setHeader("content-type", asset.contentType);
    response.setHeader("cache-control", "public, max-age=300");
    response.end(request.method === "HEAD" ? undefined : asset.body);
    return true;
  };
}
