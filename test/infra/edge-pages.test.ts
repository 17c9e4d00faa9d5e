/**
 * The pages CloudFront may keep travel the default behavior, whose cache key holds every query
 * string; its viewer-request function keeps only the parameters each such page reads, so
 * `?x=random` cannot bypass their cache, and leaves every other path and method alone.
 */
import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { routeContracts } from "../../functions/contracts.ts";
import { EDGE_PAGES, pageQueryCode, queryNames } from "../../infra/aws/cdn.ts";
import { routeKey } from "../../shared/http/contract.ts";
import { listQuerySchema } from "../../shared/petitions/listing.ts";
import { topology } from "../../shared/topology.ts";
import { cleanupAssemblies, synthTemplate } from "../support/cdk.ts";
import { testSigner } from "../support/contracts.ts";

afterAll(cleanupAssemblies);

type Query = Record<string, { value: string }>;
type Request = { method: string; uri: string; querystring: Query };
const handler = new Function(`${pageQueryCode()}\nreturn handler;`)() as (event: {
  request: Request;
}) => Request;

/** What reaches the cache key: the query parameter names kept for a request. */
function kept(method: string, address: string): string[] {
  const url = new URL(address, "https://petitions.example.org");
  const querystring: Query = {};
  for (const [name, value] of url.searchParams) querystring[name] = { value };
  return Object.keys(handler({ request: { method, uri: url.pathname, querystring } }).querystring).sort();
}

describe("the pages CloudFront may keep", () => {
  const routes = new Map(
    topology.flatMap((spec) => (spec.routes ?? []).map((r) => [routeKey(r), r] as const)),
  );
  const contracts = new Map(routeContracts({ signer: testSigner() }).map((c) => [c.route, c] as const));

  it.each(EDGE_PAGES.map((page) => [page.route, page] as const))(
    "%s: a public GET whose allow list is the query its page reads",
    (key, page) => {
      expect(routes.get(key)?.method, key).toBe("GET");
      expect(routes.get(key)?.auth ?? "public", key).toBe("public");
      const query = contracts.get(key)?.query;
      // The list page takes any query and reads the JSON list's schema from it.
      const read =
        query instanceof z.ZodObject ? queryNames(query) : query ? queryNames(listQuerySchema) : [];
      expect([...page.query], key).toEqual(read);
    },
  );

  it("keep only the parameters their page reads, whatever else the address carries", () => {
    expect(kept("GET", "/?x=random")).toEqual([]);
    expect(kept("HEAD", "/?x=random")).toEqual([]);
    expect(kept("GET", "/petitions?state=open&q=bees&x=1&utm_source=mail")).toEqual(["q", "state"]);
    expect(kept("GET", "/petitions/123?x=random")).toEqual([]);
    expect(kept("GET", "/petitions/123/gathering-support?x=1")).toEqual([]);
    expect(kept("GET", "/help/privacy?x=1")).toEqual([]);
    expect(kept("GET", "/petitions/local?postcode=SW1A1AA&x=1")).toEqual(["postcode"]);
    expect(kept("GET", "/petitions/local/cities-of-london-and-westminster/all?x=1")).toEqual([]);
  });

  it("leave links with tokens, the start flow, other methods and other paths alone", () => {
    expect(kept("GET", "/signatures/1-abc/verify?token=t")).toEqual(["token"]);
    expect(kept("GET", "/petitions/new?return=check")).toEqual(["return"]);
    expect(kept("GET", "/petitions/12/sponsors/new?token=t")).toEqual(["token"]);
    expect(kept("GET", "/staff?queue=open")).toEqual(["queue"]);
    expect(kept("POST", "/petitions?x=1")).toEqual(["x"]);
    expect(kept("GET", "/petitions/abc?x=1")).toEqual(["x"]);
  });
});

describe("the default behavior", () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synthTemplate());
  }, 120_000);

  it("runs the function on every viewer request, before the cache key", () => {
    const functions = Object.entries(template.findResources("AWS::CloudFront::Function"));
    expect(functions).toHaveLength(1);
    const [id, fn] = functions[0] as [string, { Properties: { FunctionCode: string } }];
    expect(fn.Properties.FunctionCode).toBe(pageQueryCode());
    const distribution = Object.values(template.findResources("AWS::CloudFront::Distribution"))[0] as {
      Properties: { DistributionConfig: { DefaultCacheBehavior: { FunctionAssociations?: unknown[] } } };
    };
    expect(distribution.Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [id, "FunctionARN"] } },
    ]);
  });
});
