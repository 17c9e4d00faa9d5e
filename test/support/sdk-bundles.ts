/**
 * Small bundles of SDK calls, built as the stack builds a function's, and an HTTP server standing
 * in for an AWS service, for tests that check a bundle's stand-ins and copies behave as the SDK's
 * own packages do.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { projectRoot } from "../../infra/aws/config.ts";
import { bundlingOptions } from "../../infra/aws/functions.ts";

/** Bundles `source` (ESM, from the project root) into `dir` as the stack does, minified or not; returns the file and its size. */
export async function bundleSource(
  dir: string,
  name: string,
  source: string,
  options: { alias: Record<string, string>; minify?: boolean; plugins?: Plugin[] },
): Promise<{ file: string; bytes: number }> {
  const file = join(dir, `${name}.mjs`);
  const result = await build({
    stdin: { contents: source, resolveDir: projectRoot, loader: "js" },
    bundle: true,
    outfile: file,
    platform: "node",
    format: "esm",
    target: bundlingOptions.target,
    minify: options.minify ?? true,
    mainFields: [...bundlingOptions.mainFields],
    banner: { js: bundlingOptions.banner },
    alias: options.alias,
    plugins: options.plugins ?? [],
    logLevel: "warning",
    metafile: true,
  });
  return { file, bytes: Object.values(result.metafile.outputs)[0]?.bytes ?? 0 };
}

export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** An HTTP server standing in for an AWS service: records each request and answers with `reply`. */
export async function standInService(reply: Reply | ((request: Captured) => Reply)) {
  const requests: Captured[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const captured = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
      };
      requests.push(captured);
      const answer = typeof reply === "function" ? reply(captured) : reply;
      response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      response.end(answer.body);
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}
