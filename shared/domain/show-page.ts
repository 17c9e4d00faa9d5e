/**
 * Which public page a petition's address leads to, by its state, as petition.parliament.uk's
 * PetitionsController does before `show`, `gathering_support` and `moderation_info`: a petition
 * collecting supporters has the "gathering support" page, one in moderation the "we're checking
 * this petition" page, a stopped one the home page, and a published or rejected one its own.
 */
import { COLLECTING_SPONSORS, IN_MODERATION, inState, isVisible } from "./petition-state.ts";

export type ShowPage = "petition" | "gathering-support" | "moderation-info" | "home";

export function showPageFor(state: string): ShowPage {
  if (inState(state, COLLECTING_SPONSORS)) return "gathering-support";
  if (inState(state, IN_MODERATION)) return "moderation-info";
  if (isVisible(state)) return "petition";
  return "home";
}

/** The address of that page for petition `id`, relative to the service. */
export function showPagePath(id: number, page: ShowPage): string {
  if (page === "home") return "/";
  return page === "petition" ? `/petitions/${id}` : `/petitions/${id}/${page}`;
}

/** Supporters a petition still needs before it is checked (e-petitions' `sponsors_required`). */
export function supportersRequired(sponsorCount: number, threshold: number): number {
  return Math.max(threshold - sponsorCount, 0);
}
