/**
 * A page route's contract (HTML; a page's form posts back to its own path): what the page
 * validates, and the answers every page gives alike.
 */
import { answers, defineRoute, methodOf, type RouteContract, type RouteKey } from "../http/contract.ts";
import type { NoSchema, Schema } from "../http/handler.ts";

export function pageRoute<
  K extends RouteKey,
  B extends Schema = NoSchema,
  Q extends Schema = NoSchema,
  P extends Schema = NoSchema,
>(route: Omit<RouteContract<B, Q, P, K>, "responses" | "tags" | "forms">): RouteContract<B, Q, P, K> {
  return defineRoute<K, B, Q, P>({
    ...route,
    tags: ["pages"],
    forms: true,
    responses:
      methodOf(route) === "POST"
        ? { 303: answers.seeOther, 200: answers.page("The form again, with its errors") }
        : { 200: answers.page("The page") },
  });
}
