/**
 * Every route's contract, one per topology route (test/unit/route-contracts.test.ts holds the two
 * lists to each other): what the OpenAPI document is built from. Contract modules only, never a
 * handler (handlers read their settings when imported).
 */
import type { RouteContract } from "../shared/http/contract.ts";
import type { signerSchema } from "../shared/signatures/submitted-fields.ts";
import { addBlockRoute, listBlocksRoute, removeBlockRoute } from "./http/admin-blocks.contract.ts";
import { debateRoute } from "./http/admin-debate.contract.ts";
import { governmentResponseRoute } from "./http/admin-government-response.contract.ts";
import { invalidationRoutes } from "./http/admin-invalidations.contract.ts";
import { cancelJobRoute, jobRoute } from "./http/admin-jobs.contract.ts";
import { adminListPetitionsRoute } from "./http/admin-list-petitions.contract.ts";
import { moderationToolRoutes } from "./http/admin-moderation-tools.contract.ts";
import { committeeNoteRoute, otherBusinessRoute } from "./http/admin-petition-business.contract.ts";
import { getSettingsRoute, moderationDelayRoute, putSettingsRoute } from "./http/admin-settings.contract.ts";
import { adminSignaturesRoutes } from "./http/admin-signatures.contract.ts";
import {
  addSuppressionRoute,
  listSuppressionsRoute,
  removeSuppressionRoute,
} from "./http/admin-suppressions.contract.ts";
import { thresholdReportRoute } from "./http/admin-threshold-report.contract.ts";
import { createPetitionRoute } from "./http/create-petition.contract.ts";
import { getPetitionRoute } from "./http/get-petition.contract.ts";
import { listPetitionsRoute } from "./http/list-petitions.contract.ts";
import { localRoutes } from "./http/local-petitions.contract.ts";
import { moderatePetitionRoute } from "./http/moderate-petition.contract.ts";
import { openApiRoute } from "./http/openapi.contract.ts";
import { parliamentRoutes } from "./http/parliament.contract.ts";
import { petitionCountRoute } from "./http/petition-count.contract.ts";
import { petitionsCsvRoute } from "./http/petitions-csv.contract.ts";
import { signPetitionRoute } from "./http/sign-petition.contract.ts";
import { signaturesOverTimeRoute } from "./http/signatures-over-time.contract.ts";
import { sponsorPetitionRoute } from "./http/sponsor-petition.contract.ts";
import { topicsRoutes } from "./http/topics.contract.ts";
import { trendingRoute } from "./http/trending.contract.ts";
import { unsubscribePageRoute, unsubscribeRoute } from "./http/unsubscribe.contract.ts";
import { verifySignatureRoute } from "./http/verify-signature.contract.ts";
import { archivedPetitionsPageRoute } from "./web/archived.contract.ts";
import { feedbackRoutes } from "./web/feedback.contract.ts";
import { helpRoutes } from "./web/help.contract.ts";
import { homeRoute } from "./web/home.contract.ts";
import { petitionStatusRoutes } from "./web/petition-status.contract.ts";
import { petitionsPageRoute } from "./web/petitions.contract.ts";
import { signPageRoutes } from "./web/sign.contract.ts";
import { sponsorPageRoutes } from "./web/sponsor.contract.ts";
import { staffPageRoutes } from "./web/staff.contract.ts";
import { startPageRoutes } from "./web/start-petition.contract.ts";

/** What the contracts whose schemas need loaded data are built from. */
export interface ContractData {
  signer: ReturnType<typeof signerSchema>;
}

export function routeContracts({ signer }: ContractData): RouteContract[] {
  return [
    // Public reads
    listPetitionsRoute,
    getPetitionRoute,
    ...petitionStatusRoutes,
    ...localRoutes,
    petitionCountRoute,
    trendingRoute,
    petitionsCsvRoute,
    signaturesOverTimeRoute,
    openApiRoute,
    // Public writes
    createPetitionRoute(signer),
    sponsorPetitionRoute(signer),
    signPetitionRoute(signer),
    verifySignatureRoute,
    unsubscribePageRoute,
    unsubscribeRoute,
    // Staff
    adminListPetitionsRoute,
    moderatePetitionRoute,
    listBlocksRoute,
    addBlockRoute,
    removeBlockRoute,
    getSettingsRoute,
    putSettingsRoute,
    moderationDelayRoute,
    listSuppressionsRoute,
    addSuppressionRoute,
    removeSuppressionRoute,
    governmentResponseRoute,
    debateRoute,
    otherBusinessRoute,
    committeeNoteRoute,
    ...moderationToolRoutes,
    jobRoute,
    cancelJobRoute,
    thresholdReportRoute,
    ...invalidationRoutes,
    ...adminSignaturesRoutes,
    // Pages
    homeRoute,
    petitionsPageRoute,
    archivedPetitionsPageRoute,
    ...helpRoutes,
    ...signPageRoutes,
    ...sponsorPageRoutes,
    ...startPageRoutes,
    ...staffPageRoutes,
    // Topics and feedback
    ...topicsRoutes,
    ...feedbackRoutes,
    // Parliaments and dissolution
    ...parliamentRoutes,
  ];
}
