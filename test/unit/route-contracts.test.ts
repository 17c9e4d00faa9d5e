import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { routeContracts } from "../../functions/contracts.ts";
import { staffPageRoutes } from "../../functions/web/staff.contract.ts";
import { MalformedRequestError, NotFoundError } from "../../shared/errors.ts";
import { defineRoute, routeKey } from "../../shared/http/contract.ts";
import { byRoute } from "../../shared/http/handler.ts";
import { contractProblems } from "../../shared/http/openapi.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { topology } from "../../shared/topology.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { staffPages } from "../../shared/web/pages/staff-routes.ts";
import { testSigner } from "../support/contracts.ts";

const contracts = routeContracts({ signer: testSigner() });
const routesOf = (name: string) =>
  (topology.find((spec) => spec.name === name)?.routes ?? []).map(routeKey).sort();

describe("route contracts", () => {
  it("are one per topology route, each with its route's role", () => {
    expect(contractProblems(topology, contracts)).toEqual([]);
  });

  it("name a route without a contract, a contract without a route, a second contract and a wrong role", () => {
    const functions: FunctionSpec[] = [
      {
        name: "Example",
        handler: "functions/http/example.ts",
        description: "An example",
        routes: (["/a", "/b", "/c"] as const).map((path) => ({
          method: "GET",
          path,
          auth: path === "/b" ? "moderator" : "public",
        })),
        settings: [],
        table: "read",
      },
    ];
    const a = defineRoute({ route: "GET /a", summary: "A", responses: { 200: { description: "A" } } });
    const b = defineRoute({ route: "GET /b", summary: "B", responses: { 200: { description: "B" } } });
    const d = defineRoute({ route: "GET /d", summary: "D", responses: { 200: { description: "D" } } });
    const problems = contractProblems(functions, [a, a, b, d]);
    expect(problems).toContain("GET /a has more than one contract");
    expect(problems).toContain("GET /b: the contract's role is public, the route's moderator");
    expect(problems).toContain("GET /c has no contract");
    expect(problems).toContain("GET /d has a contract but no topology route");
  });

  it("import no handler module: handlers read their settings when imported", () => {
    // TABLE_NAME is unset here: a handler imported with the contracts would have failed the import.
    expect(process.env.TABLE_NAME).toBeUndefined();
    expect(contracts.length).toBe(topology.flatMap((spec) => spec.routes ?? []).length);
  });
});

describe("a function serving several routes", () => {
  type Handler = Parameters<typeof byRoute>[0]["GET /help"];
  const answering = (name: string) => (async () => ({ statusCode: 200, body: name })) as unknown as Handler;
  const serve = byRoute({ "GET /help": answering("help"), "GET /help/{page}": answering("page") });
  const call = (routeKey: string) =>
    serve({ routeKey } as APIGatewayProxyEventV2, {} as Context) as Promise<{ body: string }>;

  it("answers each route with its own handler, and HEAD as GET", async () => {
    expect((await call("GET /help")).body).toBe("help");
    expect((await call("GET /help/{page}")).body).toBe("page");
    expect((await call("HEAD /help/{page}")).body).toBe("page");
  });

  it("refuses a route it was not given", () => {
    expect(() => call("POST /help")).toThrow("No handler for the route POST /help");
  });
});

describe("the staff pages", () => {
  it("map exactly the StaffPages function's routes to a page", () => {
    expect(Object.keys(staffPages).sort()).toEqual(routesOf("StaffPages"));
    expect(staffPageRoutes.map((c) => c.route).sort()).toEqual(routesOf("StaffPages"));
  });
});

describe("the petition id", () => {
  it("is an integer: 400 when it is not one, 404 when no petition can have it", () => {
    expect(petitionIdPath.parse({ id: "123" })).toEqual({ id: 123 });
    for (const id of ["0x1", "1e5", "", "12.json", "abc", "1.5"]) {
      expect(() => petitionIdPath.parse({ id }), id).toThrow(MalformedRequestError);
    }
    for (const id of ["0", "-1", "1234567890"]) {
      expect(() => petitionIdPath.parse({ id }), id).toThrow(NotFoundError);
    }
  });
});
