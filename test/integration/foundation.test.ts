import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { topology } from "../../shared/topology.ts";
import { call, get } from "../support/api.ts";

/** The command lines of the DynamoDB Local processes started for this port. */
const dynamoLocalsOn = (port: number) =>
  execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((args) => args.includes("DynamoDBLocal.jar") && new RegExp(`-port ${port}(\\s|$)`).test(args));

describe("the local engine", () => {
  it("says which port is taken, and leaves no DynamoDB Local running when the local SES cannot start", async () => {
    const { assertPortFree, freePort } = await import("../../infra/local/emulators.ts");
    const { startEngine, projectRoot } = await import("../../infra/local/engine.ts");
    const [port, dynamoPort, sesPort] = [await freePort(), await freePort(), await freePort()];
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(sesPort, "127.0.0.1", resolve));
    try {
      await expect(
        startEngine({ root: projectRoot, port, dynamoPort, sesPort, dataPath: null, log: () => {} }),
      ).rejects.toThrow(`Port ${sesPort} is in use`);
      // Stopped, not merely not listening yet: no DynamoDB Local for this port is running.
      expect(dynamoLocalsOn(dynamoPort)).toEqual([]);
      await expect(assertPortFree(dynamoPort)).resolves.toBeUndefined();
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("serves the e-petitions list envelope", async () => {
    const answer = await get<{ links: Record<string, string | null>; data: unknown[] }>(
      // Past the end of the facet, within the listed depth (deeper pages are a 422).
      "/petitions.json?state=open&page=400",
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.links).sort()).toEqual(["first", "last", "next", "prev", "self"]);
    expect(answer.body.data).toEqual([]);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers an unknown petition with a JSON 404", async () => {
    const answer = await get<{ errors: { code: string }[] }>("/petitions/999999.json");
    expect(answer.status).toBe(404);
    expect(answer.body.errors[0]?.code).toBe("not_found");
  });

  it("serves the mailbox as JSON", async () => {
    const answer = await get("/_local/mail.json");
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.body)).toBe(true);
  });

  it("routes every topology route to its function", async () => {
    for (const spec of topology) {
      for (const route of spec.routes ?? []) {
        const path = route.path.replace(/\{[^}]+\}/g, "1");
        const withBody = route.method !== "GET";
        const answer = await call(
          route.method,
          path,
          withBody ? { headers: { "content-type": "application/json" }, rawBody: "{}" } : {},
        );
        // The engine's own miss is exactly {"message":"Not Found"}; a function answers otherwise.
        expect(answer.body, `${route.method} ${route.path}`).not.toEqual({ message: "Not Found" });
        if (route.auth !== "public") expect(answer.status, `${route.method} ${route.path}`).toBe(401);
      }
    }
  });

  it("lists every scheduled function and runs one on demand", async () => {
    const listed = await get<{ name: string }[]>("/_local/schedules");
    const expected = topology
      .filter((f) => f.schedule)
      .map((f) => f.name)
      .sort();
    expect(listed.body.map((s) => s.name).sort()).toEqual(expected);
    const run = await call<{ schedule: string }>("POST", "/_local/schedules/ClosePetitions");
    expect(run.status).toBe(200);
    expect(run.body.schedule).toBe("ClosePetitions");
  });

  it("answers a drain request once the stream is quiet", async () => {
    expect((await get("/_local/drain")).status).toBe(200);
  });

  it("refuses a malformed body with 400 and a wrong content type with 415", async () => {
    const malformed = await call("POST", "/petitions", {
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const wrongType = await call("POST", "/petitions", {
      rawBody: "a=b",
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(415);
  });
});
