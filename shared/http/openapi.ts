/**
 * The OpenAPI 3.1 document, generated from the topology's routes and the zod schemas each route
 * validates with and answers in (zod 4's `z.toJSONSchema`).
 *
 * A route registers its schemas once, with `documentRoute("GET /path", {...})`, in
 * shared/http/route-docs.ts, importing the same schemas its handler passes to `httpRoute`.
 * `undocumentedRoutes(topology)` names any topology route without an entry: a test fails on it.
 */
import { z } from "zod";
import type { FunctionSpec, HttpRoute } from "../topology-types.ts";

type Schema = z.ZodType;
/** A schema, or a function building it (for schemas that need loaded data). */
export type SchemaSource = Schema | (() => Schema);

export interface ResponseDoc {
  description: string;
  schema?: SchemaSource;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  tags?: string[];
  path?: SchemaSource;
  query?: SchemaSource;
  body?: SchemaSource;
  /** Form posts accepted as well as JSON. */
  forms?: boolean;
  /** What one request can make DynamoDB read at worst (shared/http/read-bounds.ts). */
  reads?: string;
  responses: Record<number, ResponseDoc>;
}

export type RouteKey = `${HttpRoute["method"]} ${string}`;
export const routeKey = (route: Pick<HttpRoute, "method" | "path">): RouteKey =>
  `${route.method} ${route.path}`;

const registry = new Map<RouteKey, RouteDoc>();

/** Registers one route's documentation; registering a route twice is a mistake. */
export function documentRoute(key: RouteKey, doc: RouteDoc): void {
  if (registry.has(key)) throw new Error(`${key} is documented twice`);
  registry.set(key, doc);
}

export const documentedRoutes = (): ReadonlyMap<RouteKey, RouteDoc> => registry;

/** Adds a documented route's worst-case reads; the route must be documented first. */
export function documentReads(key: RouteKey, reads: string): void {
  const doc = registry.get(key);
  if (!doc) throw new Error(`${key} has read bounds but no documentation`);
  doc.reads = reads;
}

const READS_PREFIX = "Worst-case DynamoDB reads per request:";

/** The operation's description: the route's own, then its worst-case reads. */
function describe(doc: RouteDoc): string | undefined {
  const parts = [doc.description, doc.reads ? `${READS_PREFIX} ${doc.reads}` : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

export function undocumentedRoutes(functions: readonly FunctionSpec[]): RouteKey[] {
  return functions.flatMap((spec) => (spec.routes ?? []).map(routeKey)).filter((key) => !registry.has(key));
}

type Json = Record<string, unknown>;
const resolve = (source: SchemaSource): Schema => (typeof source === "function" ? source() : source);

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
function toSchema(source: SchemaSource, io: "input" | "output", components: Json): Json {
  const converted = z.toJSONSchema(resolve(source), { io, unrepresentable: "any" }) as Json;
  const { $schema: _, $defs, ...schema } = converted;
  for (const [name, def] of Object.entries(($defs as Json | undefined) ?? {})) {
    components[name] = rewriteRefs(def);
  }
  return rewriteRefs(schema) as Json;
}

function parameters(source: SchemaSource | undefined, where: "path" | "query", components: Json): Json[] {
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

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  serverUrl?: string;
}

export function buildOpenApi(functions: readonly FunctionSpec[], info: OpenApiInfo) {
  const missing = undocumentedRoutes(functions);
  if (missing.length > 0) throw new Error(`Routes without documentation: ${missing.join(", ")}`);
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const spec of functions) {
    for (const route of spec.routes ?? []) {
      const doc = registry.get(routeKey(route));
      if (!doc) continue;
      const pathParams = parameters(doc.path, "path", components);
      // Every `{param}` of the path is a parameter, documented or not.
      for (const name of [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] ?? "")) {
        if (!pathParams.some((p) => p.name === name)) {
          pathParams.push({ name, in: "path", required: true, schema: { type: "string" } });
        }
      }
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
      if (doc.body) {
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
    info: {
      title: info.title,
      version: info.version,
      ...(info.description ? { description: info.description } : {}),
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
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
