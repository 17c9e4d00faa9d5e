/**
 * Petitions as petition.parliament.uk's JSON presents them, field for field: `null` for absent
 * values, ISO 8601 UTC timestamps with milliseconds, `YYYY-MM-DD` dates, and the original's
 * presence rules (closing_date only while open, creator_name only while open, breakdowns only
 * on a published petition's own page).
 */
import { londonDate } from "../domain/closing-date.ts";
import { londonTimestampOf } from "../domain/london-time.ts";
import { markdownToText } from "../domain/markdown.ts";
import { isPublished } from "../domain/petition-state.ts";
import { type Member, memberOf } from "../geo/member.ts";
import type { UkData } from "../geo/uk-data.ts";
import { presentDepartments } from "./departments.ts";
import type { PetitionRecord } from "./model.ts";

/** Any stored timestamp to `2025-01-02T03:04:05.000Z`, or null. */
export const timestamp = (value: string | undefined | null): string | null =>
  value ? new Date(value).toISOString() : null;

export const petitionUrl = (publicUrl: string, id: number, format: "json" | "html" = "json") =>
  `${publicUrl}/petitions/${id}${format === "json" ? ".json" : ""}`;

export function isHiddenText(p: PetitionRecord): boolean {
  return p.state === "hidden";
}

export function presentAttributes(p: PetitionRecord) {
  const open = p.state === "open";
  const hidden = isHiddenText(p);
  return {
    action: hidden ? null : p.action,
    background: hidden ? null : p.background,
    additional_details: hidden ? null : p.additional_details,
    committee_note: hidden ? null : (p.committee_note ?? null),
    state: p.state,
    signature_count: p.signature_count,
    ...(open && p.closing_date ? { closing_date: p.closing_date } : {}),
    created_at: timestamp(p.created_at),
    updated_at: timestamp(p.updated_at),
    rejected_at: timestamp(p.rejected_at),
    opened_at: timestamp(p.opened_at),
    closed_at: timestamp(p.closed_at),
    moderation_threshold_reached_at: timestamp(p.moderation_threshold_reached_at),
    response_threshold_reached_at: timestamp(p.response_threshold_reached_at),
    government_response_at: timestamp(p.government_response_at),
    debate_threshold_reached_at: timestamp(p.debate_threshold_reached_at),
    // The day the debate was scheduled, not the debate's day (e-petitions' Petition#debate_scheduled_on).
    debate_scheduled_on: p.debate_scheduled_at ? londonDate(new Date(p.debate_scheduled_at)) : null,
    scheduled_debate_date: p.scheduled_debate_date ?? null,
    debate_outcome_at: timestamp(p.debate_outcome_at),
    creator_name: open ? p.creator_name : null,
    rejection: p.rejection ? { code: p.rejection.code, details: p.rejection.details } : null,
    government_response: p.government_response
      ? {
          responded_on: p.government_response.responded_on,
          summary: p.government_response.summary,
          details: markdownToText(p.government_response.details),
          created_at: timestamp(p.government_response.created_at),
          updated_at: timestamp(p.government_response.updated_at),
        }
      : null,
    debate: p.debate ? { ...p.debate } : null,
    departments: presentDepartments(p.departments),
    topics: [...(p.topics ?? [])].sort(),
  };
}

/**
 * The breakdowns a published petition's own page adds, names and codes from the data files.
 * Each constituency names its MP (`members`, from mps.csv); regions are e-petitions' letter
 * codes (`H` for London) in its order, by letter.
 */
export function presentBreakdowns(
  p: PetitionRecord,
  data: UkData,
  members: ReadonlyMap<string, Member> = new Map(),
) {
  const signatures_by_country = Object.entries(p.by_country)
    .filter(([, count]) => count > 0)
    .map(([code, signature_count]) => ({
      name: data.locationByCode(code)?.name ?? code,
      code,
      signature_count,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const signatures_by_constituency = Object.entries(p.by_constituency)
    .filter(([, count]) => count > 0)
    .map(([ons_code, signature_count]) => ({
      name: data.constituencyByCode(ons_code)?.name ?? ons_code,
      ons_code,
      mp: memberOf(members, ons_code).name,
      signature_count,
    }))
    .sort((a, b) => a.ons_code.localeCompare(b.ons_code));
  const signatures_by_region = Object.entries(p.by_region)
    .filter(([, count]) => count > 0)
    .map(([code, signature_count]) => {
      const region = data.regionByCode(code);
      return { name: region?.name ?? code, ons_code: region?.letterCode ?? code, signature_count };
    })
    .sort((a, b) => (a.ons_code < b.ons_code ? -1 : a.ons_code > b.ons_code ? 1 : 0));
  return { signatures_by_country, signatures_by_constituency, signatures_by_region };
}

/** e-petitions' `other_parliamentary_business`: oldest first, the body as plain text. */
export function presentOtherBusiness(p: PetitionRecord) {
  return (p.other_business ?? []).map((item) => ({
    subject: item.subject,
    body: markdownToText(item.body),
    occurred_on: item.occurred_on,
    created_at: timestamp(item.created_at),
    updated_at: timestamp(item.updated_at),
  }));
}

export function presentListItem(p: PetitionRecord, publicUrl: string) {
  return {
    type: "petition" as const,
    id: p.id,
    links: { self: petitionUrl(publicUrl, p.id) },
    attributes: presentAttributes(p),
  };
}

export function presentPetition(
  p: PetitionRecord,
  publicUrl: string,
  data: UkData,
  members?: ReadonlyMap<string, Member>,
) {
  const breakdowns = isPublished(p.state)
    ? { ...presentBreakdowns(p, data, members), other_parliamentary_business: presentOtherBusiness(p) }
    : {};
  return {
    links: { self: petitionUrl(publicUrl, p.id) },
    data: {
      type: "petition" as const,
      id: p.id,
      attributes: { ...presentAttributes(p), ...breakdowns },
    },
  };
}

/**
 * e-petitions' count.json (app/views/petitions/count.json.jbuilder) writes its times as Rails'
 * JSON does, in London time with the offset, not through the API's UTC date helper.
 */
export function presentCount(p: PetitionRecord) {
  return {
    signature_count: p.signature_count,
    response_threshold_reached_at: londonTimestampOf(p.response_threshold_reached_at),
    government_response_at: londonTimestampOf(p.government_response_at),
    debate_threshold_reached_at: londonTimestampOf(p.debate_threshold_reached_at),
    scheduled_debate_date: p.scheduled_debate_date ?? null,
    debate_outcome_at: londonTimestampOf(p.debate_outcome_at),
    debated: p.debate_state === "debated",
  };
}
