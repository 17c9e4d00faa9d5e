/**
 * The public reading pages: home (what petitions are, the thresholds, popular and trending open petitions,
 * search), all petitions (the JSON list's state facets, search and paging) and the help pages.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { rejectionReasons } from "../../domain/petition-state.ts";
import { NotFoundError } from "../../errors.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import { pageUrl, unknownStateRedirect } from "../../petitions/list-params.ts";
import {
  countedList,
  deepestPage,
  listFacets,
  listPetitions,
  listQuerySchema,
  listRequest,
} from "../../petitions/listing.ts";
import { currentParliament } from "../../petitions/parliament.ts";
import { parliamentNotice } from "../../petitions/parliament-notice.ts";
import { listTopics } from "../../petitions/topics.ts";
import { trendingPetitions } from "../../petitions/trending-list.ts";
import { page, type Site } from "../page.ts";

export interface Thresholds {
  THRESHOLD_FOR_MODERATION: number;
  THRESHOLD_FOR_RESPONSE: number;
  THRESHOLD_FOR_DEBATE: number;
}

const facetLabels: Record<string, string> = {
  all: "All petitions",
  open: "Open petitions",
  closed: "Closed petitions",
  rejected: "Rejected petitions",
  recent: "Recent petitions",
  awaiting_response: "Awaiting a government response",
  with_response: "Government responded",
  awaiting_debate: "Awaiting a debate",
  debated: "Debated in Parliament",
  not_debated: "Not debated",
};

/** Pages without a form set no cookie, so the CDN may keep them briefly. */
export const cached = (result: HttpResult, maxAge = 30): HttpResult => ({
  ...result,
  headers: { ...result.headers, "cache-control": `public, max-age=${maxAge}` },
});

export async function homePage(site: Site & Thresholds, event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const [popular, trending, parliament] = await Promise.all([
    listPetitions(listQuerySchema.parse({ state: "open", count: 5 }), site.PUBLIC_URL),
    trendingPetitions(new Date(), 3),
    currentParliament(),
  ]);
  return cached(
    page(site, event, "home.njk", {
      popular: popular.data,
      trending,
      notice: await parliamentNotice(parliament, new Date()),
      thresholds: {
        moderation: site.THRESHOLD_FOR_MODERATION,
        response: site.THRESHOLD_FOR_RESPONSE,
        debate: site.THRESHOLD_FOR_DEBATE,
      },
    }),
  );
}

/** The list page reads the JSON list's own query schema, so new facets and `q` appear here too. */
export async function listPage(
  site: Site,
  event: APIGatewayProxyEventV2,
  raw: Record<string, string | undefined>,
): Promise<HttpResult> {
  // Read as the JSON list reads it: an unknown or out-of-range value is the default, never an
  // error; an unknown state goes to every petition, and a page past the end to the last page,
  // as petition.parliament.uk's list page does.
  const elsewhere = unknownStateRedirect("/petitions", raw);
  if (elsewhere) return redirect(elsewhere, 302);
  const { query, params } = listRequest(raw);
  const { list: result, total } = await countedList(query, site.PUBLIC_URL);
  const lastPage = Math.max(1, Math.min(Math.ceil(total / query.count), deepestPage(query.count)));
  if (query.page > lastPage) return redirect(pageUrl("/petitions", params, lastPage), 302);
  const q = typeof raw.q === "string" ? raw.q.slice(0, 200) : "";
  const topic = query.topic ?? "";
  const topics = await listTopics();
  const csv = new URLSearchParams({ state: query.state, ...(q ? { q } : {}) });
  const href = (params: Record<string, string | number>): string => {
    const search = new URLSearchParams();
    const kept = { state: query.state, ...(q ? { q } : {}), ...(topic ? { topic } : {}) };
    for (const [key, value] of Object.entries({ ...kept, ...params })) {
      if (value !== "" && !(key === "page" && String(value) === "1")) search.set(key, String(value));
    }
    return `/petitions?${search}`;
  };
  return cached(
    page(site, event, "petitions.njk", {
      petitions: result.data,
      state: query.state,
      q,
      topicItems: [
        { value: "", text: "All topics" },
        ...topics.map((t) => ({ value: t.code, text: t.name, selected: t.code === topic })),
      ],
      topicName: topics.find((t) => t.code === topic)?.name ?? (topic || null),
      heading: facetLabels[query.state] ?? query.state,
      facets: listFacets.map((facet) => ({
        href: href({ state: facet, page: 1 }),
        text: facetLabels[facet] ?? facet,
        current: facet === query.state,
      })),
      pagination: {
        ...(result.links.prev ? { previous: { href: href({ page: query.page - 1 }) } } : {}),
        ...(result.links.next ? { next: { href: href({ page: query.page + 1 }) } } : {}),
      },
      page: query.page,
      total,
      // The CSV lists a facet or a search, not a topic.
      csvHref: topic ? null : `/petitions.csv?${csv}`,
    }),
  );
}

export const helpPages = ["standards", "privacy", "accessibility", "cookies"] as const;

export function helpPage(
  site: Site & Thresholds & { CONTACT_EMAIL?: string; PETITION_DURATION_MONTHS: number },
  event: APIGatewayProxyEventV2,
  name: string | undefined,
): HttpResult {
  const view = name === undefined ? "help/index.njk" : `help/${name}.njk`;
  if (name !== undefined && !(helpPages as readonly string[]).includes(name)) {
    throw new NotFoundError("There is no help page with that name");
  }
  const result = page(site, event, view, {
    reasons: rejectionReasons,
    contactEmail: site.CONTACT_EMAIL,
    durationMonths: site.PETITION_DURATION_MONTHS,
    thresholds: {
      moderation: site.THRESHOLD_FOR_MODERATION,
      response: site.THRESHOLD_FOR_RESPONSE,
      debate: site.THRESHOLD_FOR_DEBATE,
    },
  });
  return cached(result, 300);
}
