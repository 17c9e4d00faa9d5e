/**
 * A route's contract, declared once beside its handler (`functions/<kind>/<name>.contract.ts`):
 * the topology route it serves, what it validates (path, query and body schemas, the staff role)
 * and what it answers. The handler passes it to `httpRoute` (validation); the OpenAPI document
 * is built from the same objects (functions/contracts.ts lists them). A contract module has no
 * side effects and reads no settings: a schema that needs loaded data (the signer's, which
 * needs the UK data) is a function of it.
 */
import { petitionIdPathParam as petitionIdPath } from "../petitions/petition-id.ts";
import type { HttpMethod, HttpRoute } from "../topology-types.ts";
import * as z from "../zod.ts";
import type { NoSchema, RouteSpec, Schema } from "./handler.ts";

/** Every refusal's answer: each problem with its field (when one is to blame), code and message. */
export const errorsSchema = z
  .object({
    errors: z.array(z.object({ field: z.optional(z.string()), code: z.string(), message: z.string() })),
  })
  .check(z.meta({ id: "Errors" }));

/** A topology route as API Gateway names it: `GET /petitions/{id}`. */
export type RouteKey = `${HttpMethod} ${string}`;
export const routeKey = (route: Pick<HttpRoute, "method" | "path">): RouteKey =>
  `${route.method} ${route.path}`;

export interface ResponseDoc {
  description: string;
  schema?: z.ZodMiniType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
}

export interface RouteContract<
  B extends Schema = Schema,
  Q extends Schema = Schema,
  P extends Schema = Schema,
  K extends RouteKey = RouteKey,
> extends Omit<RouteSpec<B, Q, P>, "pages"> {
  /** The topology route, exactly as infra/topology.ts names it. */
  route: K;
  summary: string;
  description?: string;
  /** OpenAPI tags; `public` or `staff` from the topology's auth when absent. */
  tags?: string[];
  responses: Record<number, ResponseDoc>;
}

export function defineRoute<
  K extends RouteKey,
  B extends Schema = NoSchema,
  Q extends Schema = NoSchema,
  P extends Schema = NoSchema,
>(contract: RouteContract<B, Q, P, K>): RouteContract<B, Q, P, K> {
  return contract;
}

/** The method of a contract's route. */
export const methodOf = (contract: { route: RouteKey }): HttpMethod =>
  contract.route.slice(0, contract.route.indexOf(" ")) as HttpMethod;

/** Answers many routes document alike. */
export const answers = {
  invalid: { description: "A parameter or field is out of range", schema: errorsSchema },
  badId: { description: "The petition id is not an integer", schema: errorsSchema },
  notFound: { description: "No published petition has that id", schema: errorsSchema },
  gone: { description: "The petition was taken down", schema: errorsSchema },
  unauthorised: { description: "No staff token", schema: errorsSchema },
  forbidden: { description: "The token lacks the role", schema: errorsSchema },
  badLink: { description: "Not a valid link", schema: errorsSchema },
  accepted: (description: string): ResponseDoc => ({
    description,
    schema: z.object({ status: z.literal("confirmation_sent") }),
  }),
  page: (description: string): ResponseDoc => ({ description, contentType: "text/html" }),
  seeOther: { description: "Redirects to the next page" },
} satisfies Record<string, ResponseDoc | ((description: string) => ResponseDoc)>;

/** How fresh a petition's JSON is served. */
export const PETITION_FRESHNESS = { maxAge: 10, staleWhileRevalidate: 20, staleIfError: 50 };

/**
 * How fresh the live count is served: its page polls it, and a signer expects to see their
 * signature within seconds. The counter writes within about two stream hops of a confirmation;
 * two seconds at the edge keeps confirmation-to-count under five at p99 (docs/capacity.md (d)),
 * while CloudFront (with Origin Shield) still asks the origin at most once per two seconds.
 */
export const COUNT_FRESHNESS = { maxAge: 2, staleWhileRevalidate: 2, staleIfError: 50 };

/** What a public read of one petition can refuse (shared/petitions/public.ts). */
export const publicPetitionAnswers = { 400: answers.badId, 404: answers.notFound, 410: answers.gone };

/** An answer documented as "some JSON object". */
export const anyObject = z.catchall(z.object({}), z.unknown());

/**
 * A moderator's change to a published petition that can email every subscribed signer (the
 * government's response, a debate): the routes differ only in their words and body.
 */
export const petitionUpdateRoute = <K extends RouteKey, B extends Schema>(route: {
  route: K;
  summary: string;
  description?: string;
  body: B;
  /** Why a petition in another state is refused (409). */
  conflict: string;
}) =>
  defineRoute({
    route: route.route,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    role: "moderator",
    path: petitionIdPath,
    body: route.body,
    responses: {
      200: { description: "The petition, and the mail job's id when signers are emailed", schema: anyObject },
      401: answers.unauthorised,
      403: answers.forbidden,
      409: { description: route.conflict, schema: errorsSchema },
      422: answers.invalid,
    },
  });
