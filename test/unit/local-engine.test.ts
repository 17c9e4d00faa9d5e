import type { _Record as StreamApiRecord } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { passesFilters } from "../../infra/local/filters.ts";
import { compileRoutes, defaultRoute, matchRoute } from "../../infra/local/router.ts";
import { toLambdaRecord } from "../../infra/local/streams.ts";
import { imageOf } from "../../shared/streams/records.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";

const record = (entity: string, eventName = "INSERT", extra: Record<string, unknown> = {}) => ({
  eventName,
  dynamodb: { NewImage: { entity: { S: entity }, ...extra } },
});

describe("the local engine's stream filters, as Lambda reads them", () => {
  const outbox = { eventName: ["INSERT"], dynamodb: { NewImage: { entity: { S: ["OUTBOX"] } } } };

  it("pass a record whose every field matches", () => {
    expect(passesFilters(record("OUTBOX"), [outbox])).toBe(true);
  });

  it("refuse a record with another value or event", () => {
    expect(passesFilters(record("SIGNATURE"), [outbox])).toBe(false);
    expect(passesFilters(record("OUTBOX", "MODIFY"), [outbox])).toBe(false);
  });

  it("refuse a record without the field (a REMOVE has no new image)", () => {
    expect(passesFilters({ eventName: "INSERT", dynamodb: {} }, [outbox])).toBe(false);
  });

  it("pass when any one of several patterns matches, and test presence with exists", () => {
    const running = { dynamodb: { NewImage: { state: { S: ["running"] } } } };
    const flagged = { dynamodb: { NewImage: { flag: [{ exists: true }] } } };
    expect(passesFilters(record("JOB", "MODIFY", { flag: { BOOL: true } }), [running, flagged])).toBe(true);
    expect(passesFilters(record("JOB", "MODIFY"), [running, flagged])).toBe(false);
  });
});

describe("the local engine's routing, as API Gateway routes", () => {
  const spec = (name: string, ...paths: string[]): FunctionSpec => ({
    name,
    handler: `functions/${name}.ts`,
    description: name,
    routes: paths.map((path) => ({ method: "GET" as const, path, auth: "public" as const })),
    settings: [],
    table: "read",
  });
  const routes = compileRoutes([
    spec("Petition", "/petitions/{id}"),
    spec("List", "/petitions.json"),
    spec("Count", "/petitions/{id}/count.json"),
    spec("Assets", "/assets/{proxy+}"),
  ]);

  const found = (method: string, path: string) => {
    const matched = matchRoute(routes, method, path);
    if (matched === null || typeof matched === "string")
      throw new Error(`no route for ${method} ${path}: ${matched}`);
    return matched;
  };

  it("prefers the most literal route", () => {
    expect(found("GET", "/petitions.json").route.spec.name).toBe("List");
  });

  it("hands over whole-segment path parameters, decoded", () => {
    expect(found("GET", "/petitions/12.json").params).toEqual({ id: "12.json" });
    expect(found("GET", "/petitions/12/count.json").route.spec.name).toBe("Count");
  });

  it("gives a greedy parameter the rest of the path", () => {
    expect(found("GET", "/assets/images/a%20b.png").params).toEqual({ proxy: "images/a b.png" });
  });

  it("tells a wrong method from a missing path", () => {
    expect(matchRoute(routes, "POST", "/petitions.json")).toBe("method");
    expect(matchRoute(routes, "GET", "/nothing/here")).toBeNull();
  });

  it("routes HEAD to the GET route, as each GET route's HEAD twin does on API Gateway", () => {
    expect(found("HEAD", "/petitions/12").route.spec.name).toBe("Petition");
    expect(matchRoute(routes, "HEAD", "/nothing/here")).toBeNull();
  });

  it("sends what no route matches to the topology's default-route function, if it has one", () => {
    expect(defaultRoute([spec("Petition", "/petitions/{id}")])).toBeNull();
    const fallback = { ...spec("NotFound"), defaultRoute: true };
    expect(defaultRoute([spec("Petition", "/petitions/{id}"), fallback])?.spec.name).toBe("NotFound");
  });
});

describe("the local engine's stream records, as Lambda delivers them", () => {
  it("gives back the type of empty maps the Streams API client drops, nested ones included", () => {
    const read = {
      eventID: "1",
      eventName: "MODIFY",
      dynamodb: {
        Keys: { PK: { S: "PETITION#1" }, SK: { S: "PETITION" } },
        NewImage: {
          by_country: {},
          nested: { M: { inner: {}, list: { L: [{}, { S: "x" }] } } },
          name: { S: "kept" },
        },
        OldImage: { by_country: { M: { GB: { N: "1" } } } },
        SequenceNumber: "100",
        ApproximateCreationDateTime: new Date("2027-01-01T00:00:00Z"),
      },
    } as unknown as StreamApiRecord;
    const record = toLambdaRecord(read, "arn:stream");
    expect(record.dynamodb?.NewImage).toEqual({
      by_country: { M: {} },
      nested: { M: { inner: { M: {} }, list: { L: [{ M: {} }, { S: "x" }] } } },
      name: { S: "kept" },
    });
    expect(record.dynamodb?.OldImage).toEqual({ by_country: { M: { GB: { N: "1" } } } });
    expect(record.dynamodb?.Keys).toEqual({ PK: { S: "PETITION#1" }, SK: { S: "PETITION" } });
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(Date.parse("2027-01-01T00:00:00Z") / 1000);
    expect(imageOf(record, "NewImage")).toEqual({
      by_country: {},
      nested: { inner: {}, list: [{}, "x"] },
      name: "kept",
    });
  });
});
