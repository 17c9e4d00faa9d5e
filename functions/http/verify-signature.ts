/** GET /signatures/{id}/verify?token=: confirm an email address; HTML, or JSON when asked. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { confirmSignature } from "../../shared/signatures/verify.ts";
import { signingSettings } from "../../shared/site/gates.ts";
import { withBanner } from "../../shared/web/banner.ts";
import { errorPagesFor } from "../../shared/web/error-pages.ts";
import { wantsJson } from "../../shared/web/negotiate.ts";
import { renderConfirmation } from "../../shared/web/pages/confirmation.ts";
import { verifySignatureRoute } from "./verify-signature.contract.ts";

const config = functionConfig("VerifySignature");

export const handler = withBanner(
  httpRoute({ ...verifySignatureRoute, pages: errorPagesFor(config) }, async ({ path, query, event }) => {
    const site = await signingSettings(config);
    const { signature, petition, sponsorUrl } = await confirmSignature(
      path.id,
      query.token,
      new Date(),
      config.PUBLIC_URL,
      { moderation: site.threshold_for_moderation, delay: site.threshold_for_moderation_delay },
    );
    const body = {
      status: "validated" as const,
      petition_id: petition.id,
      signature_count: petition.signature_count,
      ...(sponsorUrl ? { sponsor_url: sponsorUrl } : {}),
    };
    if (wantsJson(event)) return json(200, body, { "cache-control": "no-store" });
    return renderConfirmation({
      kind: signature.kind,
      petition,
      sponsorUrl,
      config,
      constituency: signature.kind === "signer" ? signature.constituency : null,
    });
  }),
);
