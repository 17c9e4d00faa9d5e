/**
 * The pages CloudFront may keep (their handlers answer `Cache-Control: public`) travel the
 * default behavior, whose cache key holds every query string: links with tokens and the start
 * flow's steps need theirs. So that `?x=random` cannot bypass the cache of these pages either, a
 * CloudFront Function on the default behavior's viewer request keeps, for a GET or HEAD of one
 * of these paths, only the query parameters its page reads, before CloudFront computes the cache
 * key (CloudFront documents that a viewer-request function may change the cache key, "Understand
 * the cache key"). Every other path and method passes untouched.
 */

import { Function as EdgeFunction, FunctionCode, FunctionRuntime } from "aws-cdk-lib/aws-cloudfront";
import type { Construct } from "constructs";
import type { RouteKey } from "../../shared/http/contract.ts";
import { listQuerySchema } from "../../shared/petitions/listing.ts";
import { localSearchQuery } from "../../shared/petitions/local-schemas.ts";
import { queryNames } from "./edge-cache.ts";

export interface EdgePage {
  /** The route the path serves. */
  route: RouteKey;
  /** The request path CloudFront sees, as a regular expression (anchored). */
  path: string;
  /** The query parameters the page reads: the only ones kept. */
  query: readonly string[];
}

/** The pages their handlers let CloudFront keep, with the query parameters each one reads. */
export const EDGE_PAGES: readonly EdgePage[] = [
  { route: "GET /", path: "^/$", query: [] },
  // The list page reads the JSON list's own query schema.
  { route: "GET /petitions", path: "^/petitions$", query: queryNames(listQuerySchema) },
  { route: "GET /petitions/{id}", path: "^/petitions/\\d+$", query: [] },
  { route: "GET /petitions/{id}/gathering-support", path: "^/petitions/\\d+/gathering-support$", query: [] },
  { route: "GET /petitions/{id}/moderation-info", path: "^/petitions/\\d+/moderation-info$", query: [] },
  { route: "GET /help", path: "^/help$", query: [] },
  { route: "GET /help/{page}", path: "^/help/[^/]+$", query: [] },
  { route: "GET /petitions/local", path: "^/petitions/local$", query: queryNames(localSearchQuery) },
  { route: "GET /petitions/local/{slug}", path: "^/petitions/local/[^/]+$", query: [] },
  { route: "GET /petitions/local/{slug}/{view}", path: "^/petitions/local/[^/]+/[^/]+$", query: [] },
  { route: "GET /constituencies.json", path: "^/constituencies\\.json$", query: [] },
];

/** The function's source (CloudFront Functions JavaScript runtime 2.0). */
export function pageQueryCode(pages: readonly EdgePage[] = EDGE_PAGES): string {
  const rules = JSON.stringify(pages.map((page) => [page.path, page.query]));
  return `var RULES = ${rules}.map(function (rule) { return { path: new RegExp(rule[0]), query: rule[1] }; });
function handler(event) {
  var request = event.request;
  if (request.method !== "GET" && request.method !== "HEAD") return request;
  for (var i = 0; i < RULES.length; i++) {
    if (!RULES[i].path.test(request.uri)) continue;
    var kept = {};
    for (var name in request.querystring) {
      if (RULES[i].query.indexOf(name) !== -1) kept[name] = request.querystring[name];
    }
    request.querystring = kept;
    return request;
  }
  return request;
}`;
}

/** The viewer-request function of the default behavior. */
export function pageQueryFunction(scope: Construct): EdgeFunction {
  return new EdgeFunction(scope, "PageQuery", {
    comment: "Petitions: keep only the query parameters a cacheable page reads",
    code: FunctionCode.fromInline(pageQueryCode()),
    runtime: FunctionRuntime.JS_2_0,
  });
}
