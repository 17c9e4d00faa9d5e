/**
 * The signing pages: the public's form (/petitions/{id}/signatures/new) and the supporters' form
 * (/petitions/{id}/sponsors/new?token=). Invalid input shows the form again with an error
 * summary linked to each field; valid input takes the signature through the same use case as
 * the JSON routes and shows "check your email", whatever happened underneath.
 */

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { emailChoice } from "../../domain/email-typos.ts";
import { ACCEPTING_SPONSORS, inState, isVisible } from "../../domain/petition-state.ts";
import { type HttpResult, redirect } from "../../http/responses.ts";
import type { PetitionRecord } from "../../petitions/model.ts";
import { publicPetition } from "../../petitions/public.ts";
import {
  type SigningContext,
  signPetition,
  sponsorablePetition,
  supportPetition,
} from "../../petitions/signing.ts";
import type { ThresholdConfig } from "../../petitions/threshold-numbers.ts";
import { placeOf } from "../../signatures/sign.ts";
import type { Signer, signerSchema } from "../../signatures/submitted-fields.ts";
import { type FormBody, field, formErrors, isPost, noErrors, page, requireCsrf, type Site } from "../page.ts";

export const SIGNER_FIELDS = [
  "name",
  "email",
  "location",
  "postcode",
  "uk_citizenship",
  "notify_by_email",
] as const;

export interface SignPages {
  /** The threshold the pages name, when the function reads it (the default otherwise). */
  site: Site & ThresholdConfig;
  context: SigningContext;
  signer: ReturnType<typeof signerSchema>;
  maxSponsors?: number;
  /** Supporter sign-ups a petition takes in all. */
  maxSponsorSignups?: number;
  /** The start pages' notice while moderation is delayed (site settings), or null. */
  delayMessage?: string | null;
}

/**
 * The form with the email address the person chose, and the address to ask "Did you mean …?"
 * about when theirs has a likely typo in its domain (shared/domain/email-typos.ts): the form is
 * then shown again, once, with both addresses to pick from (`email_choice`).
 */
export function withEmailChoice(form: FormBody): { form: FormBody; ask: string | null } {
  const choice = emailChoice(field(form, "email").trim(), field(form, "email_choice"));
  return { form: { ...form, email: choice.email }, ask: choice.ask };
}

/** The signer fields of a form post, shaped for the signer schema. */
export function signerInput(form: FormBody) {
  return {
    name: field(form, "name"),
    email: field(form, "email"),
    postcode: field(form, "postcode"),
    location: field(form, "location") || "GB",
    uk_citizenship: field(form, "uk_citizenship") === "true" ? true : undefined,
    notify_by_email: field(form, "notify_by_email") === "true",
  };
}

/**
 * Where a signature will count, for the "check your email" page: the constituency's name, or
 * that Northern Ireland has no constituency data, or nothing (abroad, or an unknown postcode).
 */
export function countedIn(
  pages: SignPages,
  signer: Signer,
): { constituency: string | null; northernIreland: boolean } {
  const data = pages.context.data;
  const place = placeOf(signer, data);
  const constituency = place.constituency
    ? (data.constituencyByCode(place.constituency)?.name ?? null)
    : null;
  return { constituency, northernIreland: place.region === data.northernIrelandRegion().code };
}

export function locationItems(pages: SignPages, selected: string) {
  return pages.context.data
    .locations(new Date())
    .map((l) => ({ value: l.code, text: l.name, selected: l.code === selected }))
    .sort((a, b) => (a.value === "GB" ? -1 : b.value === "GB" ? 1 : a.text.localeCompare(b.text)));
}

function formPage(
  pages: SignPages,
  event: APIGatewayProxyEventV2,
  petition: PetitionRecord,
  kind: "signer" | "sponsor",
  action: string,
  form: FormBody,
  errors = noErrors(),
  emailHint: string | null = null,
) {
  const values = signerInput(form);
  return page(
    pages.site,
    event,
    "sign.njk",
    {
      form: true,
      petition,
      kind,
      action,
      values,
      locations: locationItems(pages, values.location),
      errors,
      emailHint,
    },
    errors.list.length > 0 ? 422 : 200,
  );
}

export async function signPage(
  pages: SignPages,
  event: APIGatewayProxyEventV2,
  id: number,
  form: FormBody,
  ip: string,
): Promise<HttpResult> {
  const petition = await publicPetition(id);
  const action = `/petitions/${id}/signatures/new`;
  if (petition.state !== "open") {
    return page(
      pages.site,
      event,
      "error.njk",
      {
        title: "This petition is closed",
        message: "This petition is no longer open for signatures.",
      },
      409,
    );
  }
  if (!isPost(event)) return formPage(pages, event, petition, "signer", action, {});
  requireCsrf(pages.site, event, form);
  const chosen = withEmailChoice(form);
  const parsed = pages.signer.safeParse(signerInput(chosen.form));
  if (!parsed.success) {
    const errors = formErrors(parsed.error, SIGNER_FIELDS);
    return formPage(pages, event, petition, "signer", action, chosen.form, errors, chosen.ask);
  }
  if (chosen.ask)
    return formPage(pages, event, petition, "signer", action, chosen.form, noErrors(), chosen.ask);
  await signPetition(pages.context, id, parsed.data, ip, new Date());
  return page(pages.site, event, "check-email.njk", {
    petition,
    email: parsed.data.email,
    kind: "signer",
    countedIn: countedIn(pages, parsed.data),
  });
}

export async function sponsorPage(
  pages: SignPages,
  event: APIGatewayProxyEventV2,
  id: number,
  token: string,
  form: FormBody,
  ip: string,
): Promise<HttpResult> {
  const petition = await sponsorablePetition(id, token);
  // Published or rejected: the link leads on to the petition's own page, to sign it or to read
  // why it was rejected, rather than to a dead end.
  if (isVisible(petition.state)) return redirect(`/petitions/${id}`);
  const action = `/petitions/${id}/sponsors/new?token=${encodeURIComponent(token)}`;
  const full =
    !inState(petition.state, ACCEPTING_SPONSORS) ||
    petition.sponsor_count >= (pages.maxSponsors ?? Number.POSITIVE_INFINITY);
  if (full) {
    return page(
      pages.site,
      event,
      "error.njk",
      {
        title: "This petition has all the support it needs",
        message: "It already has enough supporters and is being checked. You cannot support it now.",
      },
      409,
    );
  }
  if (!isPost(event)) return formPage(pages, event, petition, "sponsor", action, {});
  requireCsrf(pages.site, event, form);
  const chosen = withEmailChoice(form);
  const parsed = pages.signer.safeParse(signerInput(chosen.form));
  if (!parsed.success) {
    const errors = formErrors(parsed.error, SIGNER_FIELDS);
    return formPage(pages, event, petition, "sponsor", action, chosen.form, errors, chosen.ask);
  }
  if (chosen.ask)
    return formPage(pages, event, petition, "sponsor", action, chosen.form, noErrors(), chosen.ask);
  await supportPetition(
    {
      ...pages.context,
      maxSponsors: pages.maxSponsors ?? Number.POSITIVE_INFINITY,
      ...(pages.maxSponsorSignups === undefined ? {} : { maxSponsorSignups: pages.maxSponsorSignups }),
    },
    id,
    token,
    parsed.data,
    ip,
    new Date(),
  );
  return page(pages.site, event, "check-email.njk", { petition, email: parsed.data.email, kind: "sponsor" });
}
