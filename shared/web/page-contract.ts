/**
 * A page route's contract (HTML; a page's form posts back to its own path): what the page
 * validates, and the answers every page gives alike. Contracts import only this module, never
 * page.ts: functions/contracts.ts gathers every contract into the OpenApi function, whose bundle
 * must not pull in the page renderer (it has no views beside it).
 */
import { answers, defineRoute, methodOf, type RouteContract, type RouteKey } from "../http/contract.ts";
import type { NoSchema, Schema } from "../http/handler.ts";
import * as z from "../zod.ts";

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

/** A posted form: every field a string (or several). */
export const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type FormBody = z.output<typeof formBody>;

/** Any query string: a page reads what it knows and ignores the rest. */
export const anyQuery = z.record(z.string(), z.string());
