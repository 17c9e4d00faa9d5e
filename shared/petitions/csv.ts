/**
 * /petitions.csv as e-petitions writes it: `Petition,URL,State,Signatures Count`, one row per
 * petition of the facet (or search), in the facet's order.
 *
 * Built page by page (500 petitions per read) into one body: API Gateway's HTTP API cannot
 * stream a Lambda's answer, and a synchronous Lambda answer is at most 6 MB, so the body stops
 * before that and says so in `x-csv-truncated`. (About 50,000 rows fit.)
 */
import { type CsvQuery, everyPetition } from "./listing.ts";
import { petitionUrl } from "./present.ts";

export const CSV_HEADER = ["Petition", "URL", "State", "Signatures Count"];
export const MAX_CSV_BYTES = 5_500_000;

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or carriage return
 * first) gets a leading single quote, as OWASP advises against CSV injection, whatever the
 * input validation let through; numbers are written as numbers.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: string | number): string {
  const text = typeof value === "number" ? String(value) : neutralise(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (fields: (string | number)[]) => `${fields.map(csvField).join(",")}\n`;

export async function petitionsCsv(
  query: CsvQuery,
  publicUrl: string,
): Promise<{ body: string; truncated: boolean }> {
  const parts = [csvRow(CSV_HEADER)];
  let size = parts[0]?.length ?? 0;
  const progress = { complete: true };
  for await (const page of everyPetition(query, 500, progress)) {
    for (const p of page) {
      const row = csvRow([p.action, petitionUrl(publicUrl, p.id, "html"), p.state, p.signature_count]);
      size += Buffer.byteLength(row);
      if (size > MAX_CSV_BYTES) return { body: parts.join(""), truncated: true };
      parts.push(row);
    }
  }
  return { body: parts.join(""), truncated: !progress.complete };
}
