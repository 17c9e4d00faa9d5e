/**
 * The public reads CloudFront caches, one cache behavior each: the cache key holds only the query
 * parameters that route's zod schema reads, so `?x=random` is the same cached object and cannot
 * reach the origin. Everything else goes through the distribution's default behavior (cdn.ts).
 */
import { Duration } from "aws-cdk-lib";
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type OriginRequestPolicy,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import type { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import type { Construct } from "constructs";
import type { RouteKey } from "../../shared/http/contract.ts";
import { csvQuerySchema, listQuerySchema } from "../../shared/petitions/listing.ts";
import type * as z from "../../shared/zod.ts";

/** The query parameter names a route's zod query schema reads. */
export const queryNames = (schema: z.ZodMiniObject): string[] => Object.keys(schema.shape).sort();

export interface EdgeCachedRoutes {
  /** CloudFront path pattern (`*` and `?` wildcards; case-sensitive). */
  pattern: string;
  /** The topology routes it serves: all public GETs whose handler declares a freshness. */
  routes: readonly RouteKey[];
  /** The only query parameters in the cache key (and forwarded to the origin). */
  query: readonly string[];
}

/**
 * The public reads cached at the edge, one cache behavior each. test/unit/edge-cache.test.ts holds
 * each `query` to the route's documented (= handler's) query schema. CloudFront quotas (default,
 * adjustable): 25 cache behaviors per distribution (these 5 + /assets/* + the default), 10 query
 * strings in a cache policy's allow list (at most 4 here), 20 cache policies and 20 origin
 * request policies per account.
 */
export const EDGE_CACHED: readonly EdgeCachedRoutes[] = [
  { pattern: "/petitions.json", routes: ["GET /petitions.json"], query: queryNames(listQuerySchema) },
  { pattern: "/petitions.csv", routes: ["GET /petitions.csv"], query: queryNames(csvQuerySchema) },
  {
    // `/petitions/<id>.json`, `/petitions/<id>/count.json`, `/petitions/<id>/signatures-over-time.json`.
    pattern: "/petitions/*.json",
    routes: [
      "GET /petitions/{id}",
      "GET /petitions/{id}/count.json",
      "GET /petitions/{id}/signatures-over-time.json",
    ],
    query: [],
  },
  { pattern: "/trending.json", routes: ["GET /trending.json"], query: [] },
  { pattern: "/openapi.json", routes: ["GET /openapi.json"], query: [] },
];

/** One cache behavior per EDGE_CACHED entry; one cache policy per distinct query allow list. */
export function cachedReadBehaviors(
  scope: Construct,
  origin: HttpOrigin,
  originRequestPolicy: OriginRequestPolicy,
): Record<string, BehaviorOptions> {
  const policies = new Map<string, CachePolicy>();
  const policyFor = (query: readonly string[]) => {
    const key = query.join(",");
    let policy = policies.get(key);
    if (!policy) {
      policy = new CachePolicy(scope, `CachedReadPolicy${policies.size}`, {
        comment: `Petitions cached reads; query strings in the key: ${key || "none"}`,
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(0),
        maxTtl: Duration.days(1),
        headerBehavior: CacheHeaderBehavior.none(),
        queryStringBehavior:
          query.length > 0 ? CacheQueryStringBehavior.allowList(...query) : CacheQueryStringBehavior.none(),
        cookieBehavior: CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
      policies.set(key, policy);
    }
    return policy;
  };
  return Object.fromEntries(
    EDGE_CACHED.map((entry) => [
      entry.pattern,
      {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy: policyFor(entry.query),
        originRequestPolicy,
        compress: true,
      } satisfies BehaviorOptions,
    ]),
  );
}
