/**
 * The archive's pages (e-petitions' archived/petitions index and show): a dissolved
 * parliament's petitions by state, searchable and paged, and one archived petition as it stood,
 * with the parliament it belonged to.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { rejectionReasons } from "../../domain/petition-state.ts";
import { NotFoundError } from "../../errors.ts";
import type { HttpResult } from "../../http/responses.ts";
import { ARCHIVED_STATES, type ArchivedState, archivedSnapshot } from "../../petitions/archive.ts";
import { archivedList } from "../../petitions/archive-list.ts";
import { page, type Site } from "../page.ts";
import { cached } from "./public.ts";

/** How many archived petitions one list page shows (e-petitions' page size). */
export const ARCHIVED_PAGE_SIZE = 50;

const stateLabels: Record<string, string> = {
  all: "All petitions",
  closed: "Closed petitions",
  rejected: "Rejected petitions",
};

/** "the 2019 to 2024 Parliament", or the dissolution's year when the opening is not known. */
const parliamentName = (period: string | null, dissolutionAt: string | null) =>
  period
    ? `the ${period.replace("-", " to ")} Parliament`
    : `the Parliament dissolved in ${dissolutionAt?.slice(0, 4) ?? "an earlier year"}`;

export async function archivedPetitionPage(
  site: Site,
  event: APIGatewayProxyEventV2,
  id: number,
): Promise<HttpResult> {
  const snapshot = await archivedSnapshot(id);
  if (!snapshot) throw new NotFoundError("No archived petition has that id");
  const petition: Record<string, unknown> = { id, ...snapshot.attributes };
  const code = (petition.rejection as { code?: string } | null)?.code;
  const { parliament } = snapshot;
  return cached(
    page(site, event, "archived-petition.njk", {
      petition,
      parliament: {
        name: parliamentName(parliament.period, parliament.dissolution_at),
        href: `/archived/petitions?parliament=${parliament.number}`,
        response_threshold: parliament.response_threshold,
        debate_threshold: parliament.debate_threshold,
      },
      // A code the archive kept that the reasons no longer list shows the details alone.
      rejection: rejectionReasons.find((reason) => reason.code === code) ?? null,
    }),
    60,
  );
}

const whole = (value: string | undefined, fallback: number | undefined, max: number) =>
  value !== undefined && /^[1-9]\d*$/.test(value) && Number(value) <= max ? Number(value) : fallback;

/** Read as leniently as the live list page: an unknown value is its default, never an error. */
export async function archivedListPage(
  site: Site,
  event: APIGatewayProxyEventV2,
  raw: Record<string, string | undefined>,
): Promise<HttpResult> {
  const state: "all" | ArchivedState = (ARCHIVED_STATES as readonly string[]).includes(raw.state ?? "")
    ? (raw.state as ArchivedState)
    : "all";
  const q = (raw.q ?? "").slice(0, 255);
  const pageNumber = whole(raw.page, 1, 99_999) ?? 1;
  const query = {
    parliament: whole(raw.parliament, undefined, 9999),
    state,
    q,
    page: pageNumber,
    count: ARCHIVED_PAGE_SIZE,
  };
  const { parliament, dissolved, data, more } = await archivedList(query, site.PUBLIC_URL);
  const shown = dissolved.find((p) => p.number === parliament);
  const href = (params: Record<string, string | number>) => {
    const search = new URLSearchParams();
    const kept = { parliament: parliament ?? "", state, q };
    for (const [key, value] of Object.entries({ ...kept, ...params }))
      if (value !== "" && !(key === "page" && value === 1) && !(key === "state" && value === "all"))
        search.set(key, String(value));
    const text = search.toString();
    return `/archived/petitions${text ? `?${text}` : ""}`;
  };
  return cached(
    page(site, event, "archived-petitions.njk", {
      heading: stateLabels[state],
      parliamentName: shown ? parliamentName(shown.period, shown.dissolution_at) : null,
      parliament: parliament ?? "",
      state,
      q,
      page: pageNumber,
      petitions: data.map((p) => ({ id: p.id, ...p.attributes })),
      facets: ["all", ...ARCHIVED_STATES].map((facet) => ({
        href: href({ state: facet, page: 1 }),
        text: stateLabels[facet],
        current: facet === state,
      })),
      parliaments: [...dissolved].reverse().map((p) => ({
        href: href({ parliament: p.number, page: 1 }),
        text: parliamentName(p.period, p.dissolution_at).replace(/^the/, "The"),
        current: p.number === parliament,
      })),
      pagination: {
        ...(pageNumber > 1 ? { previous: { href: href({ page: pageNumber - 1 }) } } : {}),
        ...(more ? { next: { href: href({ page: pageNumber + 1 }) } } : {}),
      },
      jsonHref: href({}).replace("/archived/petitions", "/archived/petitions.json"),
    }),
    60,
  );
}
