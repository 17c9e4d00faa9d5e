/**
 * The petition page (GET /petitions/{id} without `.json`): text, count with progress to the next
 * threshold, deadline, response and debate, share links, the sign button, and signatures by
 * constituency (table and hex map), country and region, and over time.
 */

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Config } from "../../config.ts";
import { isPublished, rejectionReasonFor, SHOW_STATES } from "../../domain/petition-state.ts";
import { showPageFor } from "../../domain/show-page.ts";
import { DomainError } from "../../errors.ts";
import { loadUkData } from "../../geo/uk-data.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { presentDepartments } from "../../petitions/departments.ts";
import { hourlyCounts } from "../../petitions/hourly.ts";
import type { PetitionRecord } from "../../petitions/model.ts";
import { currentParliament } from "../../petitions/parliament.ts";
import { dissolutionNotice } from "../../petitions/parliament-notice.ts";
import { presentBreakdowns } from "../../petitions/present.ts";
import { publicPetition } from "../../petitions/public.ts";
import { RELATED_ON_PAGE, similarOpenPetitions } from "../../search/similar.ts";
import { errorPage, page, type Site } from "../page.ts";
import { type Bucket, bucketLabel, bucketsOf, chartSvg, hexMapSvg, legendOf, NO_DATA_SHADE } from "../svg.ts";
import { showRedirect } from "./petition-status.ts";

/** The settings the page reads: the function that renders it passes its own. */
export type PetitionPageConfig = Config<
  | "TABLE_NAME"
  | "PUBLIC_URL"
  | "SERVICE_NAME"
  | "DATA_DIR"
  | "THRESHOLD_FOR_RESPONSE"
  | "THRESHOLD_FOR_DEBATE"
>;

/** Signatures per hour with any signatures, as chart buckets (the counter's hourly items). */
export async function hourlyBuckets(id: number): Promise<Bucket[]> {
  return [...(await hourlyCounts(id))]
    .filter(([, count]) => count > 0)
    .map(([hour, count]) => ({ label: hour, count }));
}

export function progressOf(p: PetitionRecord, response: number, debate: number) {
  const next = p.signature_count < response ? response : p.signature_count < debate ? debate : null;
  if (next === null) return null;
  return {
    value: p.signature_count,
    max: next,
    label: next === response ? "a government response" : "a debate in Parliament",
  };
}

/** The page, or an error page (404, 410) rather than the JSON route's error body. */
export async function renderPetitionPage(
  id: number,
  event: APIGatewayProxyEventV2,
  config: PetitionPageConfig,
): Promise<HttpResult> {
  const site = { SERVICE_NAME: config.SERVICE_NAME, PUBLIC_URL: config.PUBLIC_URL };
  try {
    return await petitionPage(id, event, config, site);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return errorPage(site, event, error);
  }
}

async function petitionPage(
  id: number,
  event: APIGatewayProxyEventV2,
  config: PetitionPageConfig,
  site: Site,
): Promise<HttpResult> {
  const petition = await publicPetition(id, SHOW_STATES);
  // As there: an archived petition's page redirects to its archived page.
  if (petition.archived_in) return redirect(`${config.PUBLIC_URL}/archived/petitions/${id}`, 302);
  const belongs = showPageFor(petition.state);
  if (belongs !== "petition") return showRedirect(id, belongs);
  const published = isPublished(petition.state);
  const data = loadUkData(config.DATA_DIR);
  const breakdowns = published ? presentBreakdowns(petition, data) : null;
  const [hourly, related, parliament] = await Promise.all([
    published ? hourlyBuckets(id) : Promise.resolve([]),
    similarOpenPetitions(petition.action, { exclude: id, limit: RELATED_ON_PAGE }),
    currentParliament(),
  ]);
  const buckets = bucketsOf(hourly);
  const max = Math.max(0, ...Object.values(petition.by_constituency));
  const url = `${config.PUBLIC_URL}/petitions/${id}`;
  // The postcode lookup has no Northern Ireland constituencies: its signers count in the region
  // table only, so its seats on the map say "no data" rather than 0.
  const northernIreland = data.northernIrelandRegion();
  const noData = { regionCode: northernIreland.code, label: "no constituency data for Northern Ireland" };
  const shareText = encodeURIComponent(`${petition.action} – sign the petition`);
  const result = page(site, event, "petition.njk", {
    notice: dissolutionNotice(parliament),
    petition,
    breakdowns: breakdowns && {
      ...breakdowns,
      signatures_by_constituency: [...breakdowns.signatures_by_constituency].sort(
        (a, b) => b.signature_count - a.signature_count || a.name.localeCompare(b.name),
      ),
    },
    related,
    rejection: petition.rejection ? rejectionReasonFor(petition.rejection.code) : null,
    departments: presentDepartments(petition.departments),
    progress:
      petition.state === "open"
        ? progressOf(petition, config.THRESHOLD_FOR_RESPONSE, config.THRESHOLD_FOR_DEBATE)
        : null,
    thresholds: { response: config.THRESHOLD_FOR_RESPONSE, debate: config.THRESHOLD_FOR_DEBATE },
    hexMap: published ? hexMapSvg(data.hexMap(), petition.by_constituency, "map-heading", noData) : null,
    legend: [...legendOf(max), { shade: NO_DATA_SHADE, label: "No constituency data (Northern Ireland)" }],
    northernIreland: { signatures: petition.by_region[northernIreland.code] ?? 0 },
    chart: buckets.length > 0 ? chartSvg(buckets, "chart-heading", "chart-summary") : null,
    buckets: buckets.map((b) => ({ ...b, label: bucketLabel(b.label) })),
    perHour: (buckets[0]?.label.length ?? 0) > 10,
    totalInChart: buckets.reduce((sum, b) => sum + b.count, 0),
    share: {
      email: `mailto:?subject=${shareText}&body=${encodeURIComponent(url)}`,
      bluesky: `https://bsky.app/intent/compose?text=${shareText}%20${encodeURIComponent(url)}`,
      whatsapp: `https://wa.me/?text=${shareText}%20${encodeURIComponent(url)}`,
      url,
    },
  });
  return { ...result, headers: { ...result.headers, "cache-control": "public, max-age=10" } };
}
