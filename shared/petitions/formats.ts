/**
 * What an address's extension asks for, answered as petition.parliament.uk answers it (Rails:
 * ApplicationController#redirect_to_url_without_format, `respond_to`, and
 * spec/requests/disallowed_format_spec.rb, unknown_format_spec.rb):
 *
 * - an extension the route serves: that format;
 * - one Rails knows as a MIME type but the route does not serve (`.xml`, `.csv` on a petition,
 *   `.txt`): 406 Not Acceptable;
 * - one Rails does not know (`.please`): a redirect to the same address without it.
 */

/** The extensions of Rails' registered MIME types (actionpack's mime_types.rb). */
const RAILS_EXTENSIONS = new Set([
  "html",
  "xhtml",
  "text",
  "txt",
  "js",
  "mjs",
  "css",
  "ics",
  "csv",
  "vcf",
  "vtt",
  "png",
  "jpeg",
  "jpg",
  "jpe",
  "pjpeg",
  "gif",
  "bmp",
  "tiff",
  "tif",
  "svg",
  "webp",
  "mpeg",
  "mpg",
  "mpe",
  "mp1",
  "mp2",
  "mp3",
  "ogg",
  "oga",
  "spx",
  "opus",
  "m4a",
  "mpg4",
  "aac",
  "webm",
  "mp4",
  "m4v",
  "otf",
  "ttf",
  "woff",
  "woff2",
  "xml",
  "rss",
  "atom",
  "yaml",
  "yml",
  "multipart_form",
  "url_encoded_form",
  "json",
  "pdf",
  "zip",
  "gzip",
  "gz",
]);

export type FormatAnswer =
  | { kind: "serve"; format: string }
  | { kind: "not_acceptable" }
  | { kind: "without_format" };

/** `format` is the extension (lower case) or null for none; `served` what the route serves. */
export function formatAnswer(format: string | null, served: readonly string[]): FormatAnswer {
  if (format === null) return { kind: "serve", format: "html" };
  if (served.includes(format)) return { kind: "serve", format };
  if (RAILS_EXTENSIONS.has(format)) return { kind: "not_acceptable" };
  return { kind: "without_format" };
}

/** A path segment split at its first `.`: `12.json` into `12` and `json`. */
export function splitFormat(segment: string): { name: string; format: string | null } {
  const dot = segment.indexOf(".");
  if (dot < 0) return { name: segment, format: null };
  return { name: segment.slice(0, dot), format: segment.slice(dot + 1).toLowerCase() };
}

/**
 * An address no route serves that is the petitions list with another extension
 * (`/petitions.xml`): what the list would answer (it serves HTML, JSON and CSV); null otherwise.
 */
export function listFormatAnswer(path: string): FormatAnswer | null {
  const match = /^\/petitions\.([^/.]+)$/i.exec(path);
  if (!match?.[1]) return null;
  return formatAnswer(match[1].toLowerCase(), ["html", "json", "csv"]);
}
