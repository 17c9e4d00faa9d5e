/** A petition as stored: one item holds its text, state, counts and stamps. */
import type { PetitionState, RejectionCode } from "../domain/petition-state.ts";

export type ResponseState = "pending" | "awaiting" | "responded";
export type DebateState = "pending" | "awaiting" | "scheduled" | "debated" | "not_debated";

export interface GovernmentResponse {
  responded_on: string;
  summary: string;
  details: string;
  created_at: string;
  updated_at: string;
  /** Set when this response replaced an earlier one at the Petitions Committee's request. */
  revision?: ResponseRevision;
}

/** The Petitions Committee's request for a revised response: when, and why. */
export interface ResponseRevision {
  requested_on: string;
  reason: string;
}

/** Other parliamentary business about a petition (e-petitions' Petition::Email). */
export interface OtherBusiness {
  subject: string;
  /** Markdown: rendered safely on the page, as plain text in the JSON. */
  body: string;
  occurred_on: string;
  created_at: string;
  updated_at: string;
}

export interface Debate {
  debated_on: string | null;
  transcript_url: string | null;
  video_url: string | null;
  debate_pack_url: string | null;
  public_engagement_url: string | null;
  debate_summary_url: string | null;
  overview: string | null;
}

export interface ModerationEntry {
  action: string;
  staff_id: string;
  at: string;
  reason_code?: string;
  /** A moderation decision saved without emailing anyone ("save" rather than "save and email"). */
  emailed?: false;
}

export interface PetitionRecord {
  entity: "PETITION";
  id: number;
  action: string;
  background: string;
  additional_details: string | null;
  state: PetitionState;
  creator_name: string;
  creator_signature_id: string;
  /** Gates the supporter route; never shown to the public. */
  sponsor_token: string;
  signature_count: number;
  sponsor_count: number;
  /** Validated signatures that want update emails. */
  subscriber_count?: number;
  by_country: Record<string, number>;
  by_constituency: Record<string, number>;
  by_region: Record<string, number>;
  /** When the counts above were copied from the counts item (shared/petitions/counts.ts). */
  counts_snapshot_at?: string;
  created_at: string;
  updated_at: string;
  opened_at?: string;
  closed_at?: string;
  closing_date?: string;
  closes_at?: string;
  rejected_at?: string;
  /** When dissolution stopped it before it was published (e-petitions' stopped_at). */
  stopped_at?: string;
  moderation_threshold_reached_at?: string;
  response_threshold_reached_at?: string;
  government_response_at?: string;
  debate_threshold_reached_at?: string;
  scheduled_debate_date?: string;
  /**
   * When a debate was first scheduled for a future day (e-petitions' `debate_scheduled_at`,
   * shown as `debate_scheduled_on`); cleared with the date.
   */
  debate_scheduled_at?: string;
  debate_outcome_at?: string;
  response_state: ResponseState;
  debate_state: DebateState;
  rejection?: { code: RejectionCode; details: string | null };
  government_response?: GovernmentResponse;
  debate?: Debate;
  /** Oldest first, as e-petitions lists them; an earlier government response is kept here when revised. */
  other_business?: OtherBusiness[];
  /** The Petitions Committee's note, shown above the petition (e-petitions' committee_note). */
  committee_note?: string | null;
  /** The moderators' note (e-petitions' admin note): staff only. */
  moderator_note?: string | null;
  /** The moderators' tags, from the sysadmins' list: staff only. */
  tags?: string[];
  /** The creator's words before a moderator first edited them (kept once). */
  original_text?: { action: string; background: string; additional_details: string | null };
  moderation_log: ModerationEntry[];
  /** Marked by the counter when the count crossed a threshold the scheduled function has yet to handle. */
  threshold_candidate?: boolean;
  /** When its signatures' personal data was removed (six months after closing or rejection). */
  anonymised_at?: string;
  /**
   * The parliament it was archived under (shared/petitions/archive.ts): it has left the live
   * lists, search and local petitions, and its address redirects to the archive.
   */
  archived_in?: number;
  /** Set once a published petition is taken down, so its page answers 410 rather than 404. */
  published_before?: boolean;
  /** Topic codes staff set (shared/petitions/topics.ts), sorted. */
  topics?: string[];
  /** Department keys staff set (shared/petitions/departments.ts). */
  departments?: string[];
}
