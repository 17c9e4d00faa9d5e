/** The page a confirmation link leads to. */
import type { PetitionRecord } from "../../petitions/model.ts";
import type { SignatureKind } from "../../signatures/model.ts";
import { renderPage } from "../render.ts";

const titles: Record<SignatureKind, string> = {
  creator: "Your email address is confirmed",
  sponsor: "Your support has been added",
  signer: "Your signature has been added",
};

export function renderConfirmation(input: {
  kind: SignatureKind;
  petition: PetitionRecord;
  sponsorUrl?: string;
  config: { SERVICE_NAME: string; PUBLIC_URL: string };
}) {
  return renderPage("confirmation.njk", {
    serviceName: input.config.SERVICE_NAME,
    publicUrl: input.config.PUBLIC_URL,
    title: titles[input.kind],
    kind: input.kind,
    petition: input.petition,
    sponsorUrl: input.sponsorUrl,
  });
}
