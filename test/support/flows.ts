/** The journeys tests repeat (test/support/journeys.ts), bound to the test run's engine. */
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
