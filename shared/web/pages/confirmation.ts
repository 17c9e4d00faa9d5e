/**
 * The page a confirmation link leads to. A signer whose postcode has a constituency reads its
 * name and MP, as on e-petitions' signed page, with a link to the constituency's petitions.
 */
import { constituencySlug, loadMembers, memberOf, memberUrl } from "../../geo/members.ts";
import { loadUkData } from "../../geo/uk-data.ts";
import type { PetitionRecord } from "../../petitions/model.ts";
import type { SignatureKind } from "../../signatures/model.ts";
import { currentBanner } from "../banner.ts";
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
  config: { SERVICE_NAME: string; PUBLIC_URL: string; DATA_DIR: string };
  /** The signer's constituency (ONS code), when their postcode has one. */
  constituency?: string | null;
}) {
  const constituency = input.constituency
    ? loadUkData(input.config.DATA_DIR).constituencyByCode(input.constituency)
    : null;
  const member = constituency ? memberOf(loadMembers(input.config.DATA_DIR), constituency.onsCode) : null;
  return renderPage("confirmation.njk", {
    serviceName: input.config.SERVICE_NAME,
    banner: currentBanner() || null,
    publicUrl: input.config.PUBLIC_URL,
    title: titles[input.kind],
    kind: input.kind,
    petition: input.petition,
    sponsorUrl: input.sponsorUrl,
    constituency: constituency && {
      name: constituency.name,
      href: `/petitions/local/${constituencySlug(constituency.name)}`,
      member,
      memberUrl: member && memberUrl(member),
    },
  });
}
