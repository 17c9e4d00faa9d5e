/**
 * What the edge (CloudFront on AWS; the local engine playing its part) adds to every request it
 * forwards to the API. Handlers trust these headers only because the edge overwrites any copy a
 * client sent, and only on requests that carry the origin secret.
 */

/** CloudFront's documented viewer address header: `ip:port` (IPv6 as `[ip]:port` or bare). */
export const VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address";

/** The secret origin header CloudFront adds as a custom origin header; requests without it are refused. */
export const ORIGIN_SECRET_HEADER = "x-origin-verify";
