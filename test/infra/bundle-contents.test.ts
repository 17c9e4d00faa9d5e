/**
 * What each function's bundle holds, from esbuild's metafile, built with the stack's own options
 * (bundleAll of the bundles bench): no X-Ray SDK (shared/tracing.ts writes to the daemon), only
 * the environment credential provider, no event-stream codec, an empty endpoint cache, zod's mini
 * build with its English messages only, the page renderer only in functions that carry views, and
 * the SES client (its shakable copy) and the email templates only in functions that send mail (and
 * the email previews).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/aws/config.ts";
import { bundlingOptions, defineFor } from "../../infra/aws/functions.ts";
import { topology } from "../../shared/topology.ts";
import { bundleAll, inputsByEntry } from "../bench/bundles.ts";

const work = mkdtempSync(join(tmpdir(), "petitions-bundle-contents-"));
let inputs = new Map<string, string[]>();

beforeAll(async () => {
  const metafile = await bundleAll(
    projectRoot,
    topology.map((spec) => ({
      in: resolve(projectRoot, spec.handler),
      out: spec.name,
      define: defineFor(spec),
    })),
    work,
    bundlingOptions,
  );
  inputs = inputsByEntry(metafile, work, projectRoot);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The functions whose bundle holds an input matching `pattern`. */
const holding = (pattern: RegExp) =>
  topology
    .filter((spec) => (inputs.get(spec.name) ?? []).some((input) => pattern.test(input)))
    .map((s) => s.name);

describe("bundle contents", () => {
  it("every function is bundled", () => {
    expect([...inputs.keys()].sort()).toEqual(topology.map((spec) => spec.name).sort());
  });

  it("every function carries the X-Ray tracing module (its SDK calls are subsegments), not the X-Ray SDK", () => {
    expect(holding(/shared\/tracing\.ts$/).sort()).toEqual(topology.map((spec) => spec.name).sort());
    expect(holding(/node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer|cls-hooked)\//)).toEqual(
      [],
    );
  });

  it("no function carries the topology: settings come as their names, the OpenAPI document built", () => {
    expect(holding(/shared\/topology\.ts$/)).toEqual([]);
    expect(holding(/functions\/contracts\.ts$|shared\/http\/openapi\.ts$/)).toEqual([]);
  });

  it("no function carries the SDK's full credential chain, only the environment provider", () => {
    expect(
      holding(
        /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|nested-clients|token-providers)\//,
      ),
    ).toEqual([]);
    expect(holding(/shared\/aws\/lambda-credentials\.ts$/).sort()).toEqual(
      holding(/node_modules\/@aws-sdk\/client-/).sort(),
    );
  });

  it("no function carries the SDK's event-stream codec: the stand-in sits where the clients are", () => {
    expect(holding(/node_modules\/@smithy\/core\/dist-es\/submodules\/event-streams\//)).toEqual([]);
    expect(holding(/shared\/aws\/no-event-streams\.ts$/).sort()).toEqual(
      holding(/node_modules\/@aws-sdk\/client-/).sort(),
    );
  });

  it("no function carries the endpoint cache's LRU: the empty stand-in sits where DynamoDB is", () => {
    expect(holding(/node_modules\/(@aws-sdk\/endpoint-cache|mnemonist|obliterator)\//)).toEqual([]);
    expect(holding(/shared\/aws\/no-endpoint-cache\.ts$/).sort()).toEqual(
      holding(/node_modules\/@aws-sdk\/client-dynamodb\//).sort(),
    );
    expect(holding(/node_modules\/@aws-sdk\/client-dynamodb\//).length).toBeGreaterThan(40);
  });

  it("zod is its mini build with only its English messages, in every function that validates", () => {
    expect(holding(/node_modules\/zod\/v4\/locales\/(?!en\.js$)/)).toEqual([]);
    expect(holding(/node_modules\/zod\/v4\/classic\//)).toEqual([]);
    expect(holding(/node_modules\/zod\/v4\/locales\/en\.js$/).sort()).toEqual(
      holding(/node_modules\/zod\/v4\/mini\//).sort(),
    );
    expect(holding(/node_modules\/zod\/v4\/mini\//).length).toBeGreaterThan(0);
    // shared/zod.ts sets those messages as it is imported (package.json's sideEffects keeps it).
    expect(holding(/shared\/zod\.ts$/).sort()).toEqual(holding(/node_modules\/zod\/v4\/mini\//).sort());
  });

  it("only functions that render pages carry the renderer and nunjucks (they have views beside them)", () => {
    const web = topology.filter((spec) => spec.web).map((spec) => spec.name);
    expect(holding(/shared\/web\/render\.ts$/).sort()).toEqual(web.sort());
    expect(holding(/node_modules\/nunjucks\//).sort()).toEqual(web.sort());
  });

  it("only functions that send mail, and the settings pages that preview emails, carry the email templates", () => {
    const mail = topology.filter((spec) => spec.mail).map((spec) => spec.name);
    expect(holding(/shared\/mail\/templates\.ts$/).filter((name) => !mail.includes(name))).toEqual([
      "AdminBlocks",
      "StaffPages",
    ]);
  });

  it("only functions that send mail carry the SES client, as its shakable copy", () => {
    const mail = topology.filter((spec) => spec.mail).map((spec) => spec.name);
    expect(holding(/node_modules\/\.cache\/petitions\/@aws-sdk\+client-sesv2@/).sort()).toEqual(mail.sort());
    // The package as published keeps every operation's schemas (infra/aws/shakable-clients.ts).
    expect(holding(/node_modules\/@aws-sdk\/client-sesv2\//)).toEqual([]);
  });
});
