/**
 * What the site says about the parliament: the dissolution notice while it is dissolving, then
 * the dissolved parliament's heading and message until the next one opens; and whether starting
 * a petition is closed meanwhile (e-petitions' "registration closed").
 */
import { awaitingOpening, registrationClosed } from "../domain/dissolution.ts";
import { PausedError } from "../errors.ts";
import { allParliaments, currentParliament, type Parliament } from "./parliament.ts";

export const REGISTRATION_CLOSED =
  "Starting a petition is closed while Parliament is dissolved, until the new Parliament opens after the election. Nothing has been saved.";

/** The notice the site shows while the parliament is dissolving (e-petitions' dissolution banner), or null. */
export function dissolutionNotice(p: Parliament) {
  if (!p.show_dissolution_notification || !p.dissolution_at || p.dissolved_at) return null;
  return {
    heading: p.dissolution_heading ?? "Parliament is dissolving",
    message: p.dissolution_message ?? "",
    faq_url: p.dissolution_faq_url ?? null,
  };
}

/**
 * The notice for the home page: the dissolution notice while dissolving; after the dissolution,
 * until the next parliament opens, the dissolved one's `dissolved_heading` and
 * `dissolved_message` (one more Query, only then).
 */
export async function parliamentNotice(current: Parliament, now: Date) {
  if (!awaitingOpening(current, now)) return dissolutionNotice(current);
  const dissolved = (await allParliaments()).find((p) => p.number === current.number - 1);
  return {
    heading: dissolved?.dissolved_heading ?? "Parliament has been dissolved",
    message: dissolved?.dissolved_message ?? "",
    faq_url: dissolved?.dissolution_faq_url ?? null,
  };
}

/** 503, nothing written, while starting a petition is closed by the parliament's cycle. */
export async function requireRegistrationOpen(now: Date): Promise<void> {
  if (registrationClosed(await currentParliament(), now)) throw new PausedError(REGISTRATION_CLOSED);
}
