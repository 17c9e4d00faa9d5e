/**
 * The SDK clients the bundles take as a rewritten copy (infra/aws/shakable-clients.ts): exactly
 * those whose schemas the rewrite lets esbuild shrink; the copy's schemas equal the package's,
 * value for value; and a bundle sends SendEmail, and reads its answers and errors, through the
 * copy exactly as through the package.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/aws/config.ts";
import { bundleAliases, bundlingOptions } from "../../infra/aws/functions.ts";
import {
  literalKeys,
  SHAKABLE_CLIENTS,
  schemaModules,
  shakableClient,
} from "../../infra/aws/shakable-clients.ts";
import { bundleSource, type Captured, standInService } from "../support/sdk-bundles.ts";
import { sdkClientDependencies } from "../support/sources.ts";

const work = mkdtempSync(join(tmpdir(), "petitions-shakable-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `source` (ESM, from the project root) as the stack does, into this test's folder. */
const bundle = (name: string, source: string, options: Parameters<typeof bundleSource>[3]) =>
  bundleSource(work, name, source, options);

/** The rewrite applied as the package is read, to any client (the stack's esbuild takes no plugins, so it bundles a copy). */
const rewriteOnLoad: Plugin = {
  name: "literal-keys",
  setup(esbuild) {
    esbuild.onLoad({ filter: /@aws-sdk\/client-[^/]+\/dist-es\/schemas\/[^/]+\.js$/ }, (args) => ({
      contents: literalKeys(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
  },
};

/** The client class each SDK client package exports: `@aws-sdk/client-sesv2` → `SESv2Client`. */
function clientClass(pkg: string): string {
  const index = readFileSync(resolve(projectRoot, "node_modules", pkg, "dist-es", "index.js"), "utf8");
  const found = index.match(/export \* from "\.\/(\w+Client)";/)?.[1];
  if (found === undefined) throw new Error(`${pkg}: no client class in its index`);
  return found;
}

const sdkClients = sdkClientDependencies();

/**
 * A value in a form two separately loaded copies of a module can be compared in: a schema's lazy
 * references (`() => Other$`) are followed, classes are named, and an object met again on the
 * way (a recursive schema) is written as the path where it was first met.
 */
function canonical(value: unknown, seen = new Map<unknown, string>(), path = "$"): unknown {
  if (typeof value === "function") {
    const text = Function.prototype.toString.call(value);
    if (text.startsWith("class") || value.length > 0)
      return { function: value.name, class: text.startsWith("class") };
    return { lazy: canonical((value as () => unknown)(), seen, `${path}()`) };
  }
  if (value === null || typeof value !== "object") return value;
  const first = seen.get(value);
  if (first !== undefined) return { ref: first };
  seen.set(value, path);
  if (Array.isArray(value)) return value.map((item, i) => canonical(item, seen, `${path}[${i}]`));
  if (value instanceof Map)
    return {
      map: [...value.entries()].map(([k, v], i) => [
        canonical(k, seen, `${path}<${i}k>`),
        canonical(v, seen, `${path}<${i}>`),
      ]),
    };
  return {
    type: value.constructor?.name,
    ...Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, canonical(item, seen, `${path}.${key}`)]),
    ),
  };
}

/** The email the service sends, as its SendEmail input (shared/mail/send.ts) writes it. */
const SEND_SOURCE = `
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
export async function send(endpoint) {
  const client = new SESv2Client({
    endpoint,
    region: "eu-west-2",
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  });
  try {
    const sent = await client.send(new SendEmailCommand({
      FromEmailAddress: "Petitions <no-reply@petitions.example.org>",
      Destination: { ToAddresses: ["someone@example.com"] },
      Content: { Simple: {
        Subject: { Data: "Please confirm your signature", Charset: "UTF-8" },
        Body: { Text: { Data: "Confirm: https://petitions.example.org/x", Charset: "UTF-8" },
                Html: { Data: "<p>Confirm</p>", Charset: "UTF-8" } },
        Headers: [{ Name: "List-Unsubscribe", Value: "<https://petitions.example.org/u>" },
                  { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" }],
      } },
      ReplyToAddresses: ["petitions@example.org"],
      ConfigurationSetName: "petitions",
      EmailTags: [{ Name: "template", Value: "confirm_signature" }, { Name: "signature", Value: "abc-123" }],
    }));
    return { messageId: sent.MessageId };
  } catch (error) {
    return { error: error.name, message: error.message, status: error.$metadata?.httpStatusCode, fault: error.$fault };
  }
}
`;

describe("shakable SDK clients", () => {
  it("are exactly the clients whose schemas the rewrite lets esbuild shrink", async () => {
    const saved: Record<string, number> = {};
    for (const pkg of sdkClients) {
      const source = `import { ${clientClass(pkg)} as C } from "${pkg}";\nexport const client = new C({});`;
      const name = pkg.replace(/\W/g, "_");
      const asPublished = await bundle(`${name}-published`, source, { alias: { ...bundlingOptions.alias } });
      const rewritten = await bundle(`${name}-rewritten`, source, {
        alias: { ...bundlingOptions.alias },
        plugins: [rewriteOnLoad],
      });
      saved[pkg] = asPublished.bytes - rewritten.bytes;
    }
    // SES v2 keeps ~47 KiB of schemas as published; the others lose nothing to the rewrite.
    expect(
      Object.keys(saved)
        .filter((pkg) => (saved[pkg] ?? 0) > 2048)
        .sort(),
      JSON.stringify(saved),
    ).toEqual([...SHAKABLE_CLIENTS].sort());
    expect(saved["@aws-sdk/client-sesv2"]).toBeGreaterThan(30 * 1024);
  });

  it("the copy's schemas are the package's, value for value", async () => {
    for (const pkg of SHAKABLE_CLIENTS) {
      const copy = dirname(dirname(shakableClient(projectRoot, pkg)));
      const published = resolve(projectRoot, "node_modules", pkg);
      for (const schemas of schemaModules(published).map((file) => file.slice(published.length + 1))) {
        const load = async (dir: string, name: string) => {
          const { file } = await bundle(name, `export * from ${JSON.stringify(join(dir, schemas))};`, {
            alias: {},
            minify: false,
          });
          return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
        };
        const before = await load(published, "schemas-published");
        const after = await load(copy, "schemas-copy");
        expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
        expect(Object.keys(before).length).toBeGreaterThan(400);
        expect(readFileSync(join(copy, schemas), "utf8")).not.toBe(
          readFileSync(join(published, schemas), "utf8"),
        );
        for (const name of Object.keys(before))
          expect(canonical(after[name]), name).toEqual(canonical(before[name]));
      }
    }
  });

  it("a bundle sends SendEmail and reads its answers through the copy as through the package", async () => {
    const published = await bundle("send-published", SEND_SOURCE, { alias: { ...bundlingOptions.alias } });
    const copy = await bundle("send-copy", SEND_SOURCE, { alias: bundleAliases() });
    expect(published.bytes - copy.bytes, "the copy leaves the unused schemas out").toBeGreaterThan(30 * 1024);
    interface Reply {
      status: number;
      headers: Record<string, string>;
      body: string;
      /** What the service reads of it: the message id, or the error. */
      read: Record<string, unknown>;
    }
    const replies: Reply[] = [
      {
        status: 200,
        headers: {},
        body: JSON.stringify({ MessageId: "0100018f-example" }),
        read: { messageId: "0100018f-example" },
      },
      {
        status: 400,
        headers: {
          "x-amzn-errortype": "MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/",
        },
        body: JSON.stringify({ message: "Email address is not verified." }),
        read: {
          error: "MessageRejected",
          message: "Email address is not verified.",
          status: 400,
          fault: "client",
        },
      },
      {
        status: 429,
        headers: { "x-amzn-errortype": "TooManyRequestsException" },
        body: JSON.stringify({ message: "Too many requests." }),
        read: {
          error: "TooManyRequestsException",
          message: "Too many requests.",
          status: 429,
          fault: "client",
        },
      },
    ];
    for (const reply of replies) {
      const runs: { result: unknown; request: Omit<Captured, "headers"> & { contentType?: string } }[] = [];
      for (const { file } of [published, copy]) {
        const ses = await standInService(reply);
        try {
          const { send } = (await import(`${pathToFileURL(file).href}?${reply.status}`)) as {
            send: (endpoint: string) => Promise<unknown>;
          };
          const result = await send(ses.url);
          expect(ses.requests).toHaveLength(1);
          const [request] = ses.requests;
          runs.push({
            result,
            request: {
              method: request?.method ?? "",
              url: request?.url ?? "",
              body: request?.body ?? "",
              contentType: request?.headers["content-type"],
            },
          });
        } finally {
          await ses.close();
        }
      }
      const [viaPackage, viaCopy] = runs;
      expect(viaPackage?.request).toMatchObject({ method: "POST", url: "/v2/email/outbound-emails" });
      expect(JSON.parse(viaPackage?.request.body ?? "{}")).toMatchObject({
        Content: { Simple: { Headers: [{ Name: "List-Unsubscribe" }, { Name: "List-Unsubscribe-Post" }] } },
        EmailTags: [{ Name: "template" }, { Name: "signature" }],
      });
      expect(viaPackage?.result, `reply ${reply.status}`).toEqual(reply.read);
      expect(viaCopy).toEqual(viaPackage);
    }
  });
});
