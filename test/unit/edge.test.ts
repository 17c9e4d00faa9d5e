import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../infra/local/local-routes.ts";
import { edgeHeaders } from "../../infra/local/router.ts";
import { ORIGIN_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../../shared/edge.ts";
import { assertOriginConfigured, parseViewerAddress } from "../../shared/http/origin.ts";
import { topology } from "../../shared/topology.ts";
import { loopbackFor } from "../support/from-address.ts";

describe("CloudFront-Viewer-Address", () => {
  it("gives the address without its port, for IPv4 and CloudFront's unbracketed IPv6", () => {
    expect(parseViewerAddress("198.51.100.10:46532")).toBe("198.51.100.10");
    expect(parseViewerAddress("2001:0db8:85a3:0000:0000:8a2e:0370:7334:46532")).toBe(
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    );
    expect(parseViewerAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(parseViewerAddress("::ffff:127.0.0.1:80")).toBe("127.0.0.1");
  });

  it("gives nothing for a missing or malformed value", () => {
    for (const value of [
      undefined,
      "",
      "198.51.100.10",
      "198.51.100.10:",
      "not an address:80",
      ":80",
      "a<b>:1",
    ]) {
      expect(parseViewerAddress(value), String(value)).toBeNull();
    }
  });
});

describe("an HTTP function's cold start", () => {
  it("fails, naming the settings, without a way to know the origin secret", () => {
    expect(() => assertOriginConfigured({})).toThrow(/ORIGIN_SECRET_ARN.*ORIGIN_SECRET/);
    expect(() => assertOriginConfigured({ ORIGIN_SECRET_ARN: "arn:aws:secretsmanager:x" })).not.toThrow();
    expect(() => assertOriginConfigured({ ORIGIN_SECRET: "local-value-0123456789" })).not.toThrow();
  });
});

describe("the local engine playing CloudFront", () => {
  const request = (headers: Record<string, string>, remoteAddress = "::ffff:127.4.5.6") =>
    ({ headers, socket: { remoteAddress, remotePort: 50123 } }) as unknown as IncomingMessage;

  it("sets the viewer address from the socket and adds the origin secret, overwriting client copies", () => {
    const { headers } = edgeHeaders(
      request({ [VIEWER_ADDRESS_HEADER]: "203.0.113.1:1", [ORIGIN_SECRET_HEADER]: "guess", accept: "*/*" }),
      "the-secret",
    );
    expect(headers[VIEWER_ADDRESS_HEADER]).toBe("127.4.5.6:50123");
    expect(headers[ORIGIN_SECRET_HEADER]).toBe("the-secret");
    expect(headers["x-forwarded-for"]).toBe("127.4.5.6");
    expect(headers.accept).toBe("*/*");
  });

  it("appends the viewer's address to a client's X-Forwarded-For, as CloudFront does", () => {
    const { headers } = edgeHeaders(request({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }), "s");
    expect(headers["x-forwarded-for"]).toBe("203.0.113.9, 10.0.0.1, 127.4.5.6");
  });

  it("reports an IPv6 viewer unbracketed, the port after the last colon", () => {
    const { headers } = edgeHeaders(request({}, "::1"), "s");
    expect(headers[VIEWER_ADDRESS_HEADER]).toBe("::1:50123");
    expect(parseViewerAddress(headers[VIEWER_ADDRESS_HEADER])).toBe("::1");
  });
});

describe("the local routes' Host check", () => {
  it("accepts loopback names and addresses", () => {
    for (const host of [
      "localhost",
      "localhost:3000",
      "127.0.0.1:3000",
      "127.200.1.2",
      "[::1]:3000",
      "app.localhost",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it("refuses any other name, however it resolves", () => {
    for (const host of [
      undefined,
      "",
      "evil.example",
      "127.0.0.1.evil.example",
      "localhost.evil.example",
      "10.0.0.1",
    ]) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });
});

describe("test people's addresses", () => {
  it("keep distinct IPv4 addresses distinct on loopback", () => {
    expect(loopbackFor("127.3.4.5")).toBe("127.3.4.5");
    expect(loopbackFor("10.0.1.2")).toBe("127.0.1.2");
    expect(loopbackFor("10.0.1.3")).not.toBe(loopbackFor("10.0.1.2"));
    expect(loopbackFor("2001:db8::1")).toMatch(/^127\.\d+\.\d+\.\d+$/);
  });
});

describe("the topology", () => {
  it("gives every HTTP function the origin secret's settings", () => {
    for (const spec of topology.filter((s) => s.routes?.length)) {
      expect(spec.settings, spec.name).toEqual(
        expect.arrayContaining(["ORIGIN_SECRET_ARN", "ORIGIN_SECRET"]),
      );
    }
  });
});
