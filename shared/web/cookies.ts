/**
 * Cookies of the web pages: HttpOnly, SameSite=Lax, Secure (and `__Host-` prefixed) everywhere
 * but plain-HTTP localhost, where browsers would drop a Secure cookie.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";

export interface CookieJar {
  get(name: string): string | undefined;
}

/** The request's cookies (payload 2.0 hands them over as `name=value` strings). */
export function cookiesOf(event: APIGatewayProxyEventV2): CookieJar {
  const values = new Map<string, string>();
  for (const cookie of event.cookies ?? []) {
    const at = cookie.indexOf("=");
    if (at <= 0) continue;
    const name = cookie.slice(0, at).trim();
    if (!values.has(name)) values.set(name, cookie.slice(at + 1).trim());
  }
  return { get: (name) => values.get(name) };
}

export const isSecureSite = (publicUrl: string) =>
  !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(publicUrl);

/** The name a cookie has on this site: `__Host-` pins it to this host, path / and HTTPS. */
export const cookieName = (base: string, publicUrl: string) =>
  isSecureSite(publicUrl) ? `__Host-${base}` : base;

export function setCookie(
  base: string,
  value: string,
  publicUrl: string,
  options: { maxAgeSeconds?: number } = {},
): string {
  const parts = [`${cookieName(base, publicUrl)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (isSecureSite(publicUrl)) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}

export const clearCookie = (base: string, publicUrl: string) =>
  setCookie(base, "", publicUrl, { maxAgeSeconds: 0 });
