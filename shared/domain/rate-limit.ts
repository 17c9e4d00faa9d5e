/**
 * Rate-limit arithmetic over fixed-window counters (e-petitions §6.1). No I/O: the store
 * increments the counters named by `windowKey` and passes the new counts to `exceeds`.
 *
 * Provides:
 * - `defaultRateLimits`: e-petitions' schema defaults.
 * - `windowKey(scope, now, periodSeconds)`: the counter key of the window holding `now`, and its expiry.
 * - `exceededLimits(counts, limits)` / `exceeds(counts, limits)`: which limits a request breaks.
 * - `trendingExceeded(count, threshold)`: whether an IP or domain is trending on a petition.
 */

export interface RateLimits {
  /** Signatures from one IP on one petition within a short period. */
  burst: { limit: number; periodSeconds: number };
  /** Signatures from one IP on one petition within a longer period. */
  sustained: { limit: number; periodSeconds: number };
  /** New petitions from one IP, across all petitions, per sustained period. */
  creator: number;
  /** Supporter signatures from one IP, across all petitions, per sustained period. */
  sponsor: number;
  /** Count `name+tag@` as `name@` (the EMAIL_STRIP_PLUS_TAG setting; default true). */
  stripPlusTag?: boolean;
}

export const defaultRateLimits: RateLimits = {
  burst: { limit: 1, periodSeconds: 60 },
  sustained: { limit: 5, periodSeconds: 300 },
  creator: 2,
  sponsor: 5,
};

export interface WindowKey {
  key: string;
  /** Epoch seconds, for a TTL attribute. Two periods, so a window outlives its last read. */
  expiresAt: number;
}

export function windowKey(scope: string, now: Date, periodSeconds: number): WindowKey {
  if (!Number.isInteger(periodSeconds) || periodSeconds <= 0) {
    throw new RangeError(`Not a positive whole number of seconds: ${periodSeconds}`);
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (((nowSeconds % periodSeconds) + periodSeconds) % periodSeconds);
  return { key: `${scope}#${periodSeconds}#${windowStart}`, expiresAt: windowStart + 2 * periodSeconds };
}

export type RateLimitName = "burst" | "sustained" | "creator" | "sponsor";

/**
 * Counts in the current windows, including the request being judged. Supply the ones that apply:
 * a signature has `burst` and `sustained`, a new petition `creator`, a supporter `sponsor`.
 */
export interface RateCounts {
  burst?: number;
  sustained?: number;
  creator?: number;
  sponsor?: number;
}

export function exceededLimits(counts: RateCounts, limits: RateLimits = defaultRateLimits): RateLimitName[] {
  const allowed: Record<RateLimitName, number> = {
    burst: limits.burst.limit,
    sustained: limits.sustained.limit,
    creator: limits.creator,
    sponsor: limits.sponsor,
  };
  const names = Object.keys(allowed) as RateLimitName[];
  // The count includes this request, so reaching the limit is fine and passing it is not.
  return names.filter((name) => {
    const count = counts[name];
    return count !== undefined && count > allowed[name];
  });
}

export function exceeds(counts: RateCounts, limits: RateLimits = defaultRateLimits): boolean {
  return exceededLimits(counts, limits).length > 0;
}

/** e-petitions logs an IP or domain once it reaches the threshold within the hour. */
export function trendingExceeded(count: number, threshold: number): boolean {
  return count >= threshold;
}
