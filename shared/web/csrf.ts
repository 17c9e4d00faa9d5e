/**
 * CSRF protection for every form: a double-submit token. The first page that shows a form sets a
 * random HttpOnly, SameSite=Lax cookie (`__Host-` prefixed on HTTPS, so a sibling subdomain cannot
 * plant one); the form carries the same value in a hidden field; a post is accepted only when
 * field and cookie match (compared in constant time). A cross-site page can neither read the
 * cookie nor, with SameSite=Lax, send it on a POST.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { cookieName, cookiesOf, setCookie } from "./cookies.ts";

export const CSRF_COOKIE = "csrf";
export const CSRF_FIELD = "csrf_token";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface CsrfState {
  /** The value to put in the form's hidden field. */
  token: string;
  /** Set-Cookie lines to send with the page (empty when the cookie already exists). */
  cookies: string[];
}

/** The browser's token, or a new one with the cookie that establishes it. */
export function csrfFor(event: APIGatewayProxyEventV2, publicUrl: string): CsrfState {
  const existing = cookiesOf(event).get(cookieName(CSRF_COOKIE, publicUrl));
  if (existing && TOKEN.test(existing)) return { token: existing, cookies: [] };
  const token = randomBytes(32).toString("base64url");
  return { token, cookies: [setCookie(CSRF_COOKIE, token, publicUrl)] };
}

/** True when the posted field matches the browser's cookie. */
export function csrfValid(event: APIGatewayProxyEventV2, publicUrl: string, posted: unknown): boolean {
  const cookie = cookiesOf(event).get(cookieName(CSRF_COOKIE, publicUrl));
  if (typeof posted !== "string" || !cookie || !TOKEN.test(cookie) || !TOKEN.test(posted)) return false;
  return timingSafeEqual(Buffer.from(posted), Buffer.from(cookie));
}
