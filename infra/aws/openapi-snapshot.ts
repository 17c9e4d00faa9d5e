/**
 * The OpenAPI document's body as this build's contracts make it (functions/http/openapi-body.ts),
 * written once per process (per synth) for the data directory the bundles carry. The function
 * that serves the document finds it in its data directory, and so carries neither the contracts
 * nor the schema converter.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { openApiBody } from "../../functions/http/openapi-body.ts";
import { OPENAPI_BODY } from "../../shared/http/openapi-info.ts";
import { writtenOnce } from "./build-files.ts";

/** The directory holding the body built with the UK data of `dataDir`, written on first use. */
export function openApiBodyDir(dataDir: string): string {
  const source = resolve(dataDir);
  return writtenOnce(`openapi-body:${source}`, (into) => {
    writeFileSync(join(into, OPENAPI_BODY), JSON.stringify(openApiBody(source)));
  });
}
