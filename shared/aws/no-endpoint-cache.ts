/**
 * Stands in for `@aws-sdk/endpoint-cache` in every Lambda bundle: the bundles alias that module
 * here (infra/aws/functions.ts, `bundlingOptions`). The DynamoDB client builds an endpoint cache as
 * it is constructed (`resolveEndpointDiscoveryConfig`), for endpoint discovery, but none of its
 * commands adds the discovery middleware, the one reader and writer of that cache: each command's
 * own middleware list is empty, and requests go to the endpoint the endpoint rules resolve. The
 * real cache is an LRU from mnemonist (with obliterator), ~7.5 KiB minified in every bundle with
 * the client, and a thousand-entry table allocated on each cold start, for nothing. This one
 * holds no endpoint; asked to hold one, it throws, so a client that one day discovers endpoints
 * fails loudly rather than quietly. The local engine and the tests run no bundle and keep the
 * real module.
 */

const NOT_BUNDLED =
  "@aws-sdk/endpoint-cache is not in this bundle: no client here discovers endpoints (shared/aws/no-endpoint-cache.ts)";

/** The endpoint cache a client is built with (given a capacity, which it has no use for): always empty. */
export class EndpointCache {
  getEndpoint(_key: string): string | undefined {
    return undefined;
  }
  get(_key: string): undefined {
    return undefined;
  }
  set(_key: string, _endpoints: unknown): never {
    throw new Error(NOT_BUNDLED);
  }
  delete(_key: string): void {}
  has(_key: string): boolean {
    return false;
  }
  clear(): void {}
}
