import { describe, expect, it } from "vitest";
import { routeContracts } from "../../functions/contracts.ts";
import { buildOpenApi, contractProblems } from "../../shared/http/openapi.ts";
import { topology } from "../../shared/topology.ts";
import { testSigner } from "../support/contracts.ts";

type Json = Record<string, unknown>;

/** Every `$ref` in the document, to check each one resolves. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") out.push(inner);
      else refsIn(inner, out);
    }
  }
  return out;
}

describe("the OpenAPI document", () => {
  const contracts = routeContracts({ signer: testSigner() });

  it("has one contract per route of the topology, beside its handler (functions/contracts.ts lists them)", () => {
    expect(contractProblems(topology, contracts)).toEqual([]);
  });

  const document = buildOpenApi(topology, contracts, {
    title: "Petitions API",
    version: "1",
  }) as unknown as Json & {
    paths: Record<string, Record<string, Json>>;
    components: { schemas: Json };
  };

  it("is a structurally valid OpenAPI 3.1 document", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const operationIds = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      expect(path.startsWith("/"), path).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(methods)) {
        expect(["get", "post", "put", "delete"]).toContain(method);
        const id = operation.operationId as string;
        expect(operationIds.has(id), `duplicate operationId ${id}`).toBe(false);
        operationIds.add(id);
        const responses = operation.responses as Record<string, Json>;
        expect(Object.keys(responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(responses)) {
          expect(status).toMatch(/^[1-5]\d\d$/);
          expect(typeof response.description).toBe("string");
        }
        const parameters = operation.parameters as { name: string; in: string; required: boolean }[];
        const pathParams = parameters.filter((p) => p.in === "path").map((p) => p.name);
        expect(pathParams.sort(), `${method} ${path}`).toEqual([...templated].sort());
        for (const p of parameters) if (p.in === "path") expect(p.required).toBe(true);
      }
    }
    for (const ref of refsIn(document)) {
      const name = ref.replace(/^#\/components\/schemas\//, "");
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });

  it("states every anonymous route's worst-case DynamoDB reads in its description", () => {
    // The /staff pages are public to API Gateway but answer only to a staff session.
    const anonymous = topology.flatMap((f) =>
      (f.routes ?? []).filter((r) => r.auth === "public" && !r.path.startsWith("/staff")),
    );
    expect(anonymous.length).toBeGreaterThan(10);
    for (const route of anonymous) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Json | undefined;
      expect(operation?.description, `${route.method} ${route.path}`).toMatch(
        /Worst-case DynamoDB reads per request: \S/,
      );
    }
    const list = document.paths["/petitions.json"]?.get as Json;
    expect(list.description).toContain("10,000 index entries");
  });

  it("describes the list's facets and ranges from the schema that reads them", () => {
    const list = document.paths["/petitions.json"]?.get as { parameters: { name: string; schema: Json }[] };
    const described = (name: string) =>
      JSON.stringify(list.parameters.find((p) => p.name === name)?.schema.description ?? "");
    expect(described("state")).toContain("awaiting_debate");
    expect(described("count")).toContain("1 to 50");
  });

  it("shows the limits the handlers validate with: the contract is the one copy", () => {
    type Operation = { parameters: { name: string; in: string; schema: Json }[] };
    const unblock = document.paths["/admin/blocks"]?.delete as Operation;
    expect(unblock.parameters.find((p) => p.name === "value")?.schema).toMatchObject({
      minLength: 1,
      maxLength: 320,
    });
    const job = document.paths["/admin/jobs/{id}"]?.get as Operation;
    expect(job.parameters.find((p) => p.in === "path")?.schema).toMatchObject({ format: "uuid" });
    const count = document.paths["/petitions/{id}/count.json"]?.get as Operation & {
      responses: Record<string, unknown>;
    };
    expect(count.parameters.find((p) => p.in === "path")?.schema).toMatchObject({ type: "string" });
    expect(Object.keys(count.responses).sort()).toEqual(["200", "400", "404", "410"]);
  });
});
