/**
 * The OpenAPI 3.1 document, generated from the topology's routes and each route's contract
 * (shared/http/contract.ts): the zod schemas its handler validates with and answers in
 * (zod 4's `z.toJSONSchema`), and its worst-case reads (shared/http/read-bounds.ts).
 * `contractProblems(topology, contracts)` names any route without exactly one contract, and any
 * contract without its route: a test fails on them.
 */
import type { FunctionSpec } from "../topology-types.ts";
import * as z from "../zod.ts";
import { type RouteContract, type RouteKey, routeKey } from "./contract.ts";
import { type OpenApiBody, type OpenApiInfo, withInfo } from "./openapi-info.ts";
import { READ_BOUNDS } from "./read-bounds.ts";

type Schema = z.core.$ZodType;

const READS_PREFIX = "Worst-case DynamoDB reads per request:";

/** The operation's description: the route's own, then its worst-case reads. */
function describe(contract: RouteContract): string | undefined {
  const reads = READ_BOUNDS[contract.route];
  const parts = [contract.description, reads ? `${READS_PREFIX} ${reads}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

/**
 * What keeps the contracts and the topology one list: every route has exactly one contract,
 * every contract a route, each contract's role is its route's auth (public when absent), and
 * every read bound names a route.
 */
export function contractProblems(
  functions: readonly FunctionSpec[],
  contracts: readonly RouteContract[],
): string[] {
  const routes = new Map(
    functions.flatMap((spec) => (spec.routes ?? []).map((r) => [routeKey(r), r] as const)),
  );
  const problems: string[] = [];
  const seen = new Set<RouteKey>();
  for (const contract of contracts) {
    const route = routes.get(contract.route);
    if (seen.has(contract.route)) problems.push(`${contract.route} has more than one contract`);
    seen.add(contract.route);
    if (!route) problems.push(`${contract.route} has a contract but no topology route`);
    else if ((contract.role ?? "public") !== route.auth)
      problems.push(
        `${contract.route}: the contract's role is ${contract.role ?? "public"}, the route's ${route.auth}`,
      );
  }
  for (const key of routes.keys()) if (!seen.has(key)) problems.push(`${key} has no contract`);
  for (const key of Object.keys(READ_BOUNDS) as RouteKey[])
    if (!routes.has(key)) problems.push(`${key} has read bounds but no topology route`);
  return problems;
}

type Json = Record<string, unknown>;
/** Rewrites `#/$defs/X` to `#/components/schemas/X`, everywhere in a converted schema. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === "$ref" && typeof inner === "string"
          ? inner.replace(/^#\/\$defs\//, "#/components/schemas/")
          : rewriteRefs(inner),
      ]),
    );
  }
  return value;
}

/** A JSON Schema for OpenAPI 3.1, its named parts moved into `components`. */
function toSchema(source: Schema, io: "input" | "output", components: Json): Json {
  const converted = z.toJSONSchema(source, { io, unrepresentable: "any" }) as Json;
  const { $schema: _, $defs, ...schema } = converted;
  for (const [name, def] of Object.entries(($defs as Json | undefined) ?? {})) {
    components[name] = rewriteRefs(def);
  }
  return rewriteRefs(schema) as Json;
}

function parameters(source: Schema | undefined, where: "path" | "query", components: Json): Json[] {
  if (!source) return [];
  const schema = toSchema(source, "input", components);
  const properties = (schema.properties as Record<string, Json> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

/** The whole document for one stage (tests; the OpenApi function adds the info to a built body). */
export const buildOpenApi = (
  functions: readonly FunctionSpec[],
  contracts: readonly RouteContract[],
  info: OpenApiInfo,
) => withInfo(buildOpenApiBody(functions, contracts), info);

/** The document's body: every route's operation, and the schemas they share. */
export function buildOpenApiBody(
  functions: readonly FunctionSpec[],
  contracts: readonly RouteContract[],
): OpenApiBody {
  const problems = contractProblems(functions, contracts);
  if (problems.length > 0) throw new Error(`Routes and contracts disagree: ${problems.join("; ")}`);
  const byRoute = new Map(contracts.map((contract) => [contract.route, contract]));
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const spec of functions) {
    for (const route of spec.routes ?? []) {
      const doc = byRoute.get(routeKey(route));
      if (!doc) continue;
      // Every `{param}` of the path is a parameter, documented or not; a contract shared by
      // several paths (`/help` and `/help/{page}`) documents only the ones this path has.
      const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] ?? "");
      const documented = parameters(doc.path, "path", components).filter((p) =>
        names.includes(String(p.name)),
      );
      const pathParams = names.map(
        (name) =>
          documented.find((p) => p.name === name) ?? {
            name,
            in: "path",
            required: true,
            schema: { type: "string" },
          },
      );
      const operation: Json = {
        operationId:
          (spec.routes ?? []).length === 1
            ? spec.name
            : `${spec.name}_${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+/g, "_")}`,
        summary: doc.summary,
        ...(describe(doc) ? { description: describe(doc) } : {}),
        tags: doc.tags ?? [route.auth === "public" ? "public" : "staff"],
        parameters: [...pathParams, ...parameters(doc.query, "query", components)],
        responses: Object.fromEntries(
          Object.entries(doc.responses).map(([status, response]) => [
            status,
            {
              description: response.description,
              ...(response.schema
                ? {
                    content: {
                      [response.contentType ?? "application/json"]: {
                        schema: toSchema(response.schema, "output", components),
                      },
                    },
                  }
                : response.contentType
                  ? { content: { [response.contentType]: { schema: { type: "string" } } } }
                  : {}),
            },
          ]),
        ),
        ...(route.auth === "public" ? {} : { security: [{ staffJwt: [] }] }),
      };
      // A GET's body means nothing (RFC 9110, 9.3.1): pages read forms on POST only.
      if (doc.body && route.method !== "GET") {
        const schema = toSchema(doc.body, "input", components);
        operation.requestBody = {
          required: true,
          content: {
            "application/json": { schema },
            ...(doc.forms ? { "application/x-www-form-urlencoded": { schema } } : {}),
          },
        };
      }
      const methods = paths[route.path] ?? {};
      methods[route.method.toLowerCase()] = operation;
      paths[route.path] = methods;
    }
  }
  return {
    openapi: "3.1.0",
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        staffJwt: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A staff token whose cognito:groups claim holds the route's role",
        },
      },
    },
  };
}
