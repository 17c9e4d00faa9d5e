/**
 * Email address rules (e-petitions §2.2, §2.3, §6.1).
 *
 * Provides:
 * - `domainRules`: the one table of per-domain canonicalisation rules (`*` is the default).
 * - `canonicalEmail(email)`: the form used to spot the same person twice and to match block lists.
 * - `normaliseEmailForStorage(email)`: the stored form (trimmed, domain lower-cased, local part as typed).
 * - `emailDomain(email)`: the lower-cased domain, or null when there is no `@`.
 * - `matchesDomainPattern(domain, pattern)`: block/allow list matching with `*.` and `**.` globs.
 */

export type DomainRule =
  | { readonly stripTag: boolean; readonly stripDots: boolean }
  /** The domain is another name for `aliasOf`: rewrite it, then apply that domain's rule. */
  | { readonly aliasOf: string };

/**
 * Looked up by exact domain, then `*.parent` for each parent domain, then `*`.
 * Mail providers ignore what these rules strip, so the stripped forms reach the same inbox.
 */
export const domainRules: Readonly<Record<string, DomainRule>> = {
  "*": { stripTag: true, stripDots: false },
  "gmail.com": { stripTag: true, stripDots: true },
  "googlemail.com": { aliasOf: "gmail.com" },
};

const DEFAULT_RULE = { stripTag: true, stripDots: false } as const;

interface ResolvedRule {
  domain: string;
  stripTag: boolean;
  stripDots: boolean;
}

function ruleFor(domain: string, seen: ReadonlySet<string> = new Set()): ResolvedRule {
  const labels = domain.split(".");
  const candidates = [domain, ...labels.slice(1).map((_, i) => `*.${labels.slice(i + 1).join(".")}`), "*"];
  for (const candidate of candidates) {
    const rule = domainRules[candidate];
    if (rule === undefined) continue;
    if ("aliasOf" in rule) {
      // Guard against an alias loop in an edited table.
      if (seen.has(rule.aliasOf)) break;
      return ruleFor(rule.aliasOf, new Set([...seen, domain]));
    }
    return { domain, stripTag: rule.stripTag, stripDots: rule.stripDots };
  }
  return { domain, ...DEFAULT_RULE };
}

function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf("@");
  if (at < 0) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export interface CanonicalOptions {
  /**
   * Strip a `+tag` where the domain's rule says so (the EMAIL_STRIP_PLUS_TAG setting; default
   * true, as e-petitions); false keeps every `+tag` address a person of its own.
   */
  stripPlusTag?: boolean;
}

export function canonicalEmail(email: string, options: CanonicalOptions = {}): string {
  const address = email.trim().toLowerCase();
  const parts = splitAddress(address);
  if (parts === null) return address;
  const rule = ruleFor(parts.domain);
  let local = parts.local;
  if (rule.stripTag && (options.stripPlusTag ?? true)) {
    const plus = local.indexOf("+");
    if (plus >= 0) local = local.slice(0, plus);
  }
  if (rule.stripDots) local = local.replaceAll(".", "");
  return `${local}@${rule.domain}`;
}

/** Some mailboxes are case-sensitive in the local part, so it is kept as typed. */
export function normaliseEmailForStorage(email: string): string {
  const address = email.trim();
  const parts = splitAddress(address);
  if (parts === null) return address;
  return `${parts.local}@${parts.domain.toLowerCase()}`;
}

export function emailDomain(email: string): string | null {
  const parts = splitAddress(email.trim());
  return parts === null ? null : parts.domain.toLowerCase();
}

/**
 * `*.example.com` matches exactly one more label (`a.example.com`), `**.example.com` one or more
 * (`a.b.example.com`); neither matches `example.com` itself. Anything else must match exactly.
 */
export function matchesDomainPattern(domain: string, pattern: string): boolean {
  const subject = domain.trim().toLowerCase();
  const glob = pattern.trim().toLowerCase();
  if (glob.startsWith("**.")) {
    const suffix = glob.slice(2);
    const prefix = subject.slice(0, subject.length - suffix.length);
    return subject.endsWith(suffix) && prefix.length > 0 && prefix.split(".").every((label) => label !== "");
  }
  if (glob.startsWith("*.")) {
    const suffix = glob.slice(1);
    const prefix = subject.slice(0, subject.length - suffix.length);
    return subject.endsWith(suffix) && prefix.length > 0 && !prefix.includes(".");
  }
  return subject === glob;
}
