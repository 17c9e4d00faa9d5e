/**
 * The trending allow list's pure rules: an entry is an IP, a CIDR block (IPv4 or IPv6) or an
 * email domain pattern (`*.` one label, `**.` any depth, as the block lists take them); a source
 * on it is never tallied, shown or notified.
 */
import { BlockList, isIP } from "node:net";
import { matchesDomainPattern } from "./email.ts";

export const allowKinds = ["ip", "domain"] as const;
export type AllowKind = (typeof allowKinds)[number];
export interface AllowEntry {
  kind: AllowKind;
  value: string;
}

const DOMAIN = /^(\*\*?\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/;

/** Why a value is not a valid entry of its kind, or null when it is. */
export function allowEntryProblem(kind: AllowKind, value: string): string | null {
  if (kind === "domain")
    return DOMAIN.test(value) ? null : "Enter a domain such as example.com or *.example.com";
  const [address = "", prefix, ...rest] = value.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return "Enter an IP address or a CIDR block such as 192.0.2.0/24";
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && bits <= max ? null : `A CIDR prefix is 0 to ${max}`;
}

/** A matcher over the entries: is this IP, or this email domain, allowed? */
export function allowMatcher(entries: readonly AllowEntry[]) {
  const ips = new BlockList();
  const domains: string[] = [];
  for (const entry of entries) {
    if (allowEntryProblem(entry.kind, entry.value) !== null) continue;
    if (entry.kind === "domain") {
      domains.push(entry.value);
      continue;
    }
    const [address = "", prefix] = entry.value.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) ips.addAddress(address, type);
    else ips.addSubnet(address, Number(prefix), type);
  }
  return {
    ip: (ip: string) => {
      const family = isIP(ip);
      return family !== 0 && ips.check(ip, family === 6 ? "ipv6" : "ipv4");
    },
    domain: (domain: string) => domains.some((pattern) => matchesDomainPattern(domain, pattern)),
  };
}
