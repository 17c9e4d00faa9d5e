/** The journeys tests repeat (test/support/journeys.ts), bound to the test run's engine. */
import { countsKey } from "../../shared/petitions/counts.ts";
import { recountMarkKey } from "../../shared/signatures/recount.ts";
import { service } from "./api.ts";
import * as journeys from "./journeys.ts";

export type { StartedPetition } from "./journeys.ts";
export { petitionText } from "./journeys.ts";

export const startPetition = (overrides?: Record<string, unknown>) =>
  journeys.startPetition(service, overrides);
export const gatherSponsors = (petition: journeys.StartedPetition, n: number) =>
  journeys.gatherSponsors(service, petition, n);
export const moderate = (id: number, body: Record<string, unknown>, role?: "moderator" | "sysadmin") =>
  journeys.moderate(service, id, body, role);
export const openPetition = (overrides?: Record<string, unknown>) =>
  journeys.openPetition(service, overrides);
export const blockEmailDomain = (domain: string) => journeys.blockEmailDomain(service, domain);
export const closeNow = (id: number) => journeys.closeNow(service, id);
export const signAndConfirm = (petitionId: number, n: number, options?: { notify?: boolean }) =>
  journeys.signAndConfirm(service, petitionId, n, options);

/**
 * The petition's document takes its counts now, as the per-minute refresh does a minute after
 * signing stops (lists by popularity and local petitions read the document's snapshot): stands
 * in for that minute passing, then waits for the indexes to follow.
 */
export async function refreshCountsSnapshot(petitionId: number): Promise<void> {
  await service.drain();
  const counts = await service.getItem(`PETITION#${petitionId}`, "PETITION#COUNTS");
  if (counts?.duePK) {
    await service.setItemFields(`PETITION#${petitionId}`, "PETITION#COUNTS", {
      dueSK: `2000-01-01T00:00:00.000Z#${String(petitionId).padStart(12, "0")}`,
    });
    await service.runSchedule("ProcessThresholds");
  }
  await service.drain();
}

/**
 * Drift a recount corrects: the counts item says `signatureCount`, and the petition is marked
 * for recount. Returns the mark's key.
 */
export async function driftCounts(petitionId: number, signatureCount: number) {
  const counts = countsKey(petitionId);
  await service.setItemFields(counts.PK, counts.SK, { signature_count: signatureCount });
  const mark = recountMarkKey(petitionId);
  await service.setItemFields(mark.PK, mark.SK, {
    entity: "RECOUNT",
    petition_id: petitionId,
    cause: "test drift",
    marked_at: new Date().toISOString(),
  });
  return mark;
}

/**
 * Stands in for an hour passing without signing: the petition's signatures and counts were last
 * changed two hours ago, so a recount may write (shared/signatures/recount.ts, quiet petitions).
 */
export async function quieten(petitionId: number): Promise<void> {
  const earlier = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const items = await service.tableSnapshot();
  for (const item of items) {
    if (item.entity === "SIGNATURE" && item.petition_id === petitionId) {
      await service.setItemFields(String(item.PK), String(item.SK), {
        created_at: earlier,
        ...(item.validated_at ? { validated_at: earlier } : {}),
        ...(item.invalidated_at ? { invalidated_at: earlier } : {}),
      });
    }
  }
  if (await service.getItem(`PETITION#${petitionId}`, "PETITION#COUNTS")) {
    await service.setItemFields(`PETITION#${petitionId}`, "PETITION#COUNTS", { updated_at: earlier });
  }
}
