/**
 * Many people on one machine: each "person" connects from their own loopback address
 * (127.0.0.0/8, the socket's local address), so the engine, playing CloudFront, sees each as a
 * different viewer. Nothing here sends an address in a header: the edge ignores those.
 */
import { createHash, randomInt } from "node:crypto";
import { Agent, request } from "node:http";

/** A fresh loopback address for each simulated person, so abuse limits see different people. */
export const someIp = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/**
 * The loopback address a person with this address connects from: loopback addresses as they
 * are; another IPv4 address `a.b.c.d` as `127.b.c.d` (distinct addresses of one test or bench
 * stay distinct, as they vary in their last three parts); anything else by its hash.
 */
export function loopbackFor(ip: string): string {
  const parts = ip.trim().split(".");
  const octets = parts.map(Number);
  if (parts.length === 4 && octets.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) {
    const [, b, c, d] = octets as [number, number, number, number];
    // 127.255.255.255 is the loopback network's broadcast address: a socket bound to it is seen as 127.0.0.1.
    return b === 255 && c === 255 && d === 255 ? "127.255.255.254" : `127.${b}.${c}.${d}`;
  }
  const hash = createHash("sha256").update(ip).digest();
  return `127.${hash[0]}.${hash[1]}.${((hash[2] ?? 0) % 254) + 1}`;
}

/** Keep-alive connections per address, the least recently used let go past a bound. */
const agents = new Map<string, Agent>();
const MAX_AGENTS = 256;

function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (agent) {
    agents.delete(localAddress);
  } else {
    // Idle sockets close before the engine's own keep-alive (65 s) would close them under a request.
    agent = new Agent({ keepAlive: true, localAddress, timeout: 30_000 });
    if (agents.size >= MAX_AGENTS) {
      const [oldest, old] = agents.entries().next().value as [string, Agent];
      agents.delete(oldest);
      // Its idle connections close now; one still in use closes when idle (the timeout below).
      for (const sockets of Object.values(old.freeSockets))
        for (const socket of sockets ?? []) socket.destroy();
    }
  }
  agents.set(localAddress, agent);
  return agent;
}

export interface FromInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * `fetch` from a person's own address (without following redirects): the request leaves from
 * `loopbackFor(ip)`, or from 127.0.0.1 when no address is given.
 */
export function fetchFrom(ip: string | undefined, url: string, init: FromInit = {}): Promise<Response> {
  const target = new URL(url);
  const localAddress = ip ? loopbackFor(ip) : "127.0.0.1";
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        // The engine listens on IPv4 loopback; `localhost` must not resolve to ::1.
        family: 4,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? "GET",
        // Node sends a GET or DELETE body without framing unless told its length.
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) },
        agent: agentFor(localAddress),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value === undefined) continue;
            for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
          }
          const status = incoming.statusCode ?? 500;
          const body = NO_BODY.has(status) || init.method === "HEAD" ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: incoming.statusMessage ?? "", headers }));
        });
      },
    );
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}
