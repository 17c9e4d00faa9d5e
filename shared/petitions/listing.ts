/** Public lists: which index answers each state facet, and the e-petitions envelope. */
import { z } from "zod";
import { queryPage, stateTally } from "../db/petitions.ts";
import type { PetitionState } from "../domain/petition-state.ts";
import type { PetitionRecord } from "./model.ts";
import { presentListItem } from "./present.ts";

export const listFacets = ["all", "open", "closed", "rejected"] as const;
export type ListFacet = (typeof listFacets)[number];

export const listQuerySchema = z.object({
  state: z.enum(listFacets).default("all"),
  page: z.coerce.number().int().min(1).max(99_999).default(1),
  count: z.coerce.number().int().min(1).max(50).default(25),
});
export type ListQuery = z.output<typeof listQuerySchema>;

const facetStates: Record<ListFacet, PetitionState[]> = {
  all: ["open", "closed", "rejected"],
  open: ["open"],
  closed: ["closed"],
  rejected: ["rejected"],
};

async function fetchFacet(query: ListQuery): Promise<PetitionRecord[]> {
  if (query.state === "all") return queryPage("visible", "VISIBLE", query, true);
  return queryPage("byState", `STATE#${query.state}`, query, true);
}

export async function listPetitions(query: ListQuery, publicUrl: string) {
  const [items, tally] = await Promise.all([fetchFacet(query), stateTally()]);
  const total = facetStates[query.state].reduce((sum, state) => sum + (tally[state] ?? 0), 0);
  const lastPage = Math.max(1, Math.ceil(total / query.count));
  const link = (page: number) => {
    const params = new URLSearchParams({
      count: String(query.count),
      page: String(page),
      state: query.state,
    });
    return `${publicUrl}/petitions.json?${params}`;
  };
  return {
    links: {
      self: link(query.page),
      first: link(1),
      last: link(lastPage),
      next: query.page < lastPage ? link(query.page + 1) : null,
      prev: query.page > 1 ? link(Math.min(query.page - 1, lastPage)) : null,
    },
    data: items.map((p) => presentListItem(p, publicUrl)),
  };
}
