/**
 * Local petitions, as e-petitions' LocalPetitionsController: the postcode search
 * (`/petitions/local?postcode=`, which leads to the constituency's page), and for one
 * constituency the most signed open petitions (`/petitions/local/<slug>`) or open and closed
 * (`.../all`), each as a page, JSON or CSV; and `/constituencies.json`.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { isNorthernIreland, normalisePostcode } from "../../domain/postcode.ts";
import { NotFoundError } from "../../errors.ts";
import {
  constituenciesJson,
  constituencyBySlug,
  constituencySlug,
  loadMembers,
  memberOf,
  memberUrl,
} from "../../geo/members.ts";
import { loadUkData } from "../../geo/uk-data.ts";
import { type HttpResult, json, redirect, text } from "../../http/responses.ts";
import { csvRow } from "../../petitions/csv.ts";
import { type LocalPetition, type LocalScope, popularIn } from "../../petitions/local.ts";
import { petitionUrl } from "../../petitions/present.ts";
import { page, type Site } from "../page.ts";

export interface LocalSite extends Site {
  DATA_DIR: string;
}

export const LOCAL_CSV_HEADER = ["Petition", "URL", "State", "Local Signatures", "Total Signatures"];

/** Counts move with every signature: a minute at the edge and in browsers. */
const fresh = (result: HttpResult, maxAge = 60): HttpResult => ({
  ...result,
  headers: { ...result.headers, "cache-control": `public, max-age=${maxAge}` },
});

export function constituenciesAnswer(site: LocalSite): HttpResult {
  const data = loadUkData(site.DATA_DIR);
  return fresh(json(200, constituenciesJson(data, loadMembers(site.DATA_DIR))), 3600);
}

/**
 * The search: without a postcode, the form; with one that has a constituency, a redirect to
 * its page; otherwise the form again saying why. The postcode is never written back into the
 * page, and the answer is never cached.
 */
export function localSearchPage(
  site: LocalSite,
  event: APIGatewayProxyEventV2,
  postcode: string | undefined,
): HttpResult {
  const typed = (postcode ?? "").slice(0, 100).trim();
  if (typed === "") return fresh(page(site, event, "local/search.njk", {}), 300);
  const normalised = normalisePostcode(typed);
  const constituency = normalised ? loadUkData(site.DATA_DIR).constituencyForPostcode(normalised) : null;
  if (constituency) {
    const location = `/petitions/local/${constituencySlug(constituency.name)}`;
    return { ...redirect(location, 302), headers: { location, "cache-control": "no-store" } };
  }
  const error =
    normalised === null
      ? "Enter a full UK postcode, like SW1A 1AA"
      : isNorthernIreland(normalised)
        ? "We cannot find constituencies for Northern Ireland postcodes. Enter a postcode in England, Scotland or Wales"
        : "We could not find a constituency for that postcode. Check it and try again";
  return page(site, event, "local/search.njk", { error });
}

export type LocalFormat = "html" | "json" | "csv";

const SLUG = /^([a-z0-9][a-z0-9_-]{0,119}?)(\.json|\.csv)?$/;

/** A slug address (`holborn`, `holborn.json`) to its slug and format; null when malformed. */
export function parseSlug(raw: string): { slug: string; format: LocalFormat } | null {
  const match = SLUG.exec(raw);
  if (!match?.[1]) return null;
  return { slug: match[1], format: match[2] === ".json" ? "json" : match[2] === ".csv" ? "csv" : "html" };
}

function localJson(site: LocalSite, name: string, onsCode: string, petitions: LocalPetition[]) {
  const member = memberOf(loadMembers(site.DATA_DIR), onsCode);
  return {
    constituency: name,
    ...(member.name ? { mp: { name: member.name, url: memberUrl(member) } } : {}),
    petitions: petitions.map((p) => ({
      action: p.action,
      url: petitionUrl(site.PUBLIC_URL, p.id, "html"),
      state: p.state,
      constituency_signature_count: p.constituency_signature_count,
      total_signature_count: p.signature_count,
    })),
  };
}

export async function localPetitionsAnswer(
  site: LocalSite,
  event: APIGatewayProxyEventV2,
  slug: string,
  format: LocalFormat,
  scope: LocalScope,
): Promise<HttpResult> {
  const data = loadUkData(site.DATA_DIR);
  const constituency = constituencyBySlug(data, slug);
  if (!constituency) throw new NotFoundError("No constituency has that name");
  const petitions = await popularIn(constituency.onsCode, scope);
  const base = `/petitions/local/${slug}${scope === "all" ? "/all" : ""}`;
  if (format === "json")
    return fresh(json(200, localJson(site, constituency.name, constituency.onsCode, petitions)));
  if (format === "csv") {
    const rows = petitions.map((p) =>
      csvRow([
        p.action,
        petitionUrl(site.PUBLIC_URL, p.id, "html"),
        p.state,
        p.constituency_signature_count,
        p.signature_count,
      ]),
    );
    const filename = `${scope === "all" ? "all" : "open"}-popular-petitions-in-${slug}.csv`;
    return fresh(
      text(200, [csvRow(LOCAL_CSV_HEADER), ...rows].join(""), "text/csv; charset=utf-8", {
        "content-disposition": `attachment; filename="${filename}"`,
      }),
    );
  }
  const member = memberOf(loadMembers(site.DATA_DIR), constituency.onsCode);
  return fresh(
    page(site, event, "local/petitions.njk", {
      heading: `${scope === "all" ? "All" : "Open"} petitions signed in the constituency of ${constituency.name}`,
      constituency,
      member,
      memberUrl: memberUrl(member),
      petitions,
      other:
        scope === "all"
          ? { href: `/petitions/local/${slug}`, text: `View open popular petitions in ${constituency.name}` }
          : {
              href: `/petitions/local/${slug}/all`,
              text: `View all popular petitions in ${constituency.name}`,
            },
      empty:
        scope === "all"
          ? "No petitions have been signed in this constituency."
          : "No open petitions have been signed in this constituency.",
      jsonHref: `${base}.json`,
      csvHref: `${base}.csv`,
    }),
  );
}
