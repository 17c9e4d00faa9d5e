/**
 * The edge: a signer's address is the one the edge saw (the socket, here a loopback address per
 * person), never a header a client wrote; requests that did not come through the edge are
 * refused before any work; JSON writes cannot be made cross-site; the local routes answer only to
 * localhost.
 */
import "../support/in-process.ts";
import { randomBytes } from "node:crypto";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { signPetitionHandler } from "../../functions/http/sign-petition.ts";
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../../shared/edge.ts";
import { baseUrl, call, drain, post, signer, someIp, tableSnapshot } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { fetchFrom } from "../support/from-address.ts";

/** The signature items of a petition whose names start with `prefix`, by state. */
async function statesOf(petitionId: number, prefix: string): Promise<string[]> {
  return (await tableSnapshot())
    .filter(
      (i) => i.entity === "SIGNATURE" && i.petition_id === petitionId && String(i.name).startsWith(prefix),
    )
    .map((i) => String(i.state))
    .sort();
}

describe("the signer's address is the edge's view of the connection", () => {
  it("counts three people from three addresses as three, whatever X-Forwarded-For they all send", async () => {
    const petition = await openPetition();
    const forged = { "x-forwarded-for": "203.0.113.7", [VIEWER_ADDRESS_HEADER]: "203.0.113.7:443" };
    for (const n of [1, 2, 3]) {
      const answer = await post(`/petitions/${petition.id}/signatures`, signer({ name: `Three ${n}` }), {
        ip: someIp(),
        headers: forged,
      });
      expect(answer.status).toBe(202);
    }
    expect(await statesOf(petition.id, "Three ")).toEqual(["pending", "pending", "pending"]);
  });

  it("limits one person as one, whatever addresses and secrets their headers claim", async () => {
    const petition = await openPetition();
    const ip = someIp();
    for (const n of [1, 2, 3, 4]) {
      const claimed = `198.51.100.${n}`;
      const answer = await post(`/petitions/${petition.id}/signatures`, signer({ name: `Forger ${n}` }), {
        ip,
        headers: {
          "x-forwarded-for": claimed,
          [VIEWER_ADDRESS_HEADER]: `${claimed}:1234`,
          [ORIGIN_SECRET_HEADER]: randomBytes(16).toString("hex"),
        },
      });
      // The same answer as anyone's: the limit is a shadow ban.
      expect(answer.status).toBe(202);
    }
    // The burst limit allows one signer per address and petition a minute; the rest are kept
    // as fraudulent and never counted.
    const states = await statesOf(petition.id, "Forger ");
    expect(states).toHaveLength(4);
    expect(states.filter((s) => s === "pending")).toHaveLength(1);
    expect(states.filter((s) => s === "fraudulent")).toHaveLength(3);
  });
});

describe("a request that did not come through the edge", () => {
  const secret = `direct-${randomBytes(16).toString("hex")}`;

  // The signing function as deployed, but for the origin secret it is given.
  const handler = signPetitionHandler({ env: { ...process.env, ORIGIN_SECRET: secret } });

  async function invokeSign(petitionId: number, headers: Record<string, string>) {
    const event = {
      version: "2.0",
      routeKey: "POST /petitions/{id}/signatures",
      rawPath: `/petitions/${petitionId}/signatures`,
      rawQueryString: "",
      headers: { "content-type": "application/json", ...headers },
      pathParameters: { id: String(petitionId) },
      requestContext: {
        http: {
          method: "POST",
          path: `/petitions/${petitionId}/signatures`,
          protocol: "HTTP/1.1",
          sourceIp: "198.51.100.99",
          userAgent: "test",
        },
        requestId: "direct",
        routeKey: "POST /petitions/{id}/signatures",
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: JSON.stringify(signer({ name: "Direct Caller" })),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    return (await handler(event, { awsRequestId: "direct" } as Context)) as {
      statusCode: number;
      body: string;
    };
  }

  it("is refused with 403 and writes nothing, without the secret or with a wrong one", async () => {
    const petition = await openPetition();
    await drain();
    const before = await tableSnapshot();
    const viewer = { [VIEWER_ADDRESS_HEADER]: "198.51.100.20:5555" };
    for (const headers of [viewer, { ...viewer, [ORIGIN_SECRET_HEADER]: `${secret}x` }]) {
      const answer = await invokeSign(petition.id, headers);
      expect(answer.statusCode).toBe(403);
      expect(answer.body).not.toContain(secret);
    }
    await drain();
    expect(await tableSnapshot()).toEqual(before);
    // The same request with the secret is served: the secret alone made the difference.
    const served = await invokeSign(petition.id, { ...viewer, [ORIGIN_SECRET_HEADER]: secret });
    expect(served.statusCode).toBe(202);
    expect(await statesOf(petition.id, "Direct Caller")).toEqual(["pending"]);
  });
});

describe("cross-site writes", () => {
  it("refuses a JSON write without a content type with 415, writing nothing", async () => {
    const petition = await openPetition();
    await drain();
    const before = await tableSnapshot();
    for (const type of [undefined, "text/plain"]) {
      const answer = await call<{ errors: { code: string }[] }>(
        "POST",
        `/petitions/${petition.id}/signatures`,
        {
          rawBody: JSON.stringify(signer()),
          ...(type ? { headers: { "content-type": type } } : {}),
        },
      );
      expect(answer.status, String(type)).toBe(415);
      expect(answer.body.errors[0]?.code).toBe("unsupported_media_type");
    }
    await drain();
    expect(await tableSnapshot()).toEqual(before);
  });

  it("sends CORS headers on public reads but none on POST answers", async () => {
    const petition = await openPetition();
    const read = await call("GET", "/petitions.json", { headers: { origin: "https://elsewhere.example" } });
    expect(read.headers.get("access-control-allow-origin")).toBe("*");
    const origin = { origin: "https://elsewhere.example" };
    const written = await post(`/petitions/${petition.id}/signatures`, signer(), { headers: origin });
    expect(written.status).toBe(202);
    const refused = await post(`/petitions/${petition.id}/signatures`, { name: "" }, { headers: origin });
    expect(refused.status).toBe(422);
    const created = await post("/petitions", { action: "x" }, { headers: origin });
    for (const answer of [written, refused, created]) {
      expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    }
  });
});

describe("the local routes", () => {
  it("answer only to a loopback Host, so a rebound DNS name cannot reach them", async () => {
    const url = `${baseUrl()}/_local/mail.json`;
    for (const host of ["evil.example", "evil.example:80", "127.0.0.1.evil.example"]) {
      const answer = await fetchFrom(undefined, url, { headers: { host } });
      expect(answer.status, host).toBe(403);
      expect(await answer.text()).not.toContain("@");
    }
    const port = new URL(baseUrl()).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.9.8.7:${port}`]) {
      expect((await fetchFrom(undefined, url, { headers: { host } })).status, host).toBe(200);
    }
  });
});
