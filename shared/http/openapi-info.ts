/**
 * The OpenAPI document in two parts: its body (paths and components, from the topology and the
 * routes' contracts: shared/http/openapi.ts), the same wherever the service runs, and its info
 * and server, from the stage's settings. A deployed function carries the body written at bundle
 * time (`OPENAPI_BODY` in its data directory, infra/aws/openapi-snapshot.ts) and adds the rest,
 * so it carries none of the contracts or the schema converter.
 */

/** The body's file name in a bundle's data directory. */
export const OPENAPI_BODY = "openapi.json";

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  serverUrl?: string;
}

type Json = Record<string, unknown>;

/** What the contracts make of the document: the same for every stage. */
export interface OpenApiBody {
  openapi: string;
  paths: Record<string, Json>;
  components: Json;
}

/** The whole document: the body with the stage's info and server. */
export function withInfo({ openapi, paths, components }: OpenApiBody, info: OpenApiInfo) {
  return {
    openapi,
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components,
  };
}
