/**
 * Starting a petition in steps, in e-petitions' order: citizenship → action → similar petitions
 * → background → additional details → your details → check your answers → "check your email".
 * Only British citizens and UK residents may start one, so that is asked first (a "No" ends the
 * flow); the action is then checked against open petitions (`similarOpenPetitions`), as
 * e-petitions' similar-petitions step does, before the rest is written. The flow keeps no server
 * state: each step's form carries the earlier answers as hidden fields, and every step is
 * validated with the same schemas as POST /petitions before the petition is created through the
 * same use case. "Change" on the check page carries `return=check` through the step, so
 * continuing goes straight back to the check page. Creators are always emailed about their
 * petition (the response, a debate), so their form offers no "email me" choice.
 */

import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResult } from "../../http/responses.ts";
import { startPetition } from "../../petitions/signing.ts";
import { supporters, thresholdNumbers } from "../../petitions/threshold-numbers.ts";
import { SIMILAR_AT_START, similarOpenPetitions } from "../../search/similar.ts";
import { petitionTextSchema } from "../../signatures/submitted-fields.ts";
import * as z from "../../zod.ts";
import {
  type FormBody,
  type FormErrors,
  field,
  formErrors,
  isPost,
  noErrors,
  page,
  requireCsrf,
} from "../page.ts";
import { locationItems, SIGNER_FIELDS, type SignPages, signerInput, withEmailChoice } from "./sign.ts";

export const steps = ["citizenship", "action", "similar", "background", "details", "you", "check"] as const;
export type Step = (typeof steps)[number];

const TEXT_FIELDS = ["action", "background", "additional_details"] as const;

const stepSchemas: Record<Exclude<Step, "citizenship" | "similar" | "you" | "check">, z.ZodMiniType> = {
  action: z.pick(petitionTextSchema, { action: true }),
  background: z.pick(petitionTextSchema, { background: true }),
  details: z.pick(petitionTextSchema, { additional_details: true }),
};

const asStep = (value: string): Step =>
  (steps as readonly string[]).includes(value) ? (value as Step) : "citizenship";
const nextOf = (step: Step): Step => steps[Math.min(steps.indexOf(step) + 1, steps.length - 1)] ?? "check";

/** The creator's details: always emailed about their own petition. */
const creatorInput = (form: FormBody) => ({ ...signerInput(form), notify_by_email: true });

/** Neither answer chosen: the question's own error, linked to its first radio. */
const citizenshipError: FormErrors = {
  list: [{ text: "Select yes if you are a British citizen or UK resident", href: "#uk_citizenship" }],
  byField: { uk_citizenship: { text: "Select yes if you are a British citizen or UK resident" } },
};

function answers(form: FormBody) {
  return {
    action: field(form, "action"),
    background: field(form, "background"),
    additional_details: field(form, "additional_details"),
  };
}

function validate(pages: SignPages, step: Step, form: FormBody): FormErrors | null {
  if (step === "check" || step === "similar" || step === "citizenship") return null;
  const schema = step === "you" ? pages.signer : stepSchemas[step];
  const input = step === "you" ? creatorInput(form) : answers(form);
  const result = schema.safeParse(input);
  return result.success ? null : formErrors(result.error, [...TEXT_FIELDS, ...SIGNER_FIELDS]);
}

async function stepPage(
  pages: SignPages,
  event: APIGatewayProxyEventV2,
  step: Step,
  form: FormBody,
  errors: FormErrors = noErrors(),
  returnTo: "check" | null = null,
  emailHint: string | null = null,
) {
  const values = { ...answers(form), ...creatorInput(form) };
  const similar =
    step === "similar" ? await similarOpenPetitions(values.action, { limit: SIMILAR_AT_START }) : [];
  const location = pages.context.data.locationByCode(values.location);
  return page(
    pages.site,
    event,
    "start.njk",
    {
      form: true,
      step,
      kind: "creator",
      returnTo: step === "check" ? null : returnTo,
      values,
      locationName: location?.name ?? values.location,
      locations: locationItems(pages, values.location),
      errors,
      supportersNeeded: supporters(thresholdNumbers(pages.site).moderation),
      emailHint,
      similar,
      delayMessage: pages.delayMessage ?? null,
    },
    errors.list.length > 0 ? 422 : 200,
  );
}

export async function startPage(
  pages: SignPages,
  event: APIGatewayProxyEventV2,
  form: FormBody,
  ip: string,
): Promise<HttpResult> {
  if (!isPost(event)) return stepPage(pages, event, "citizenship", {});
  requireCsrf(pages.site, event, form);
  const change = field(form, "change");
  if (change) return stepPage(pages, event, asStep(change), form, noErrors(), "check");
  const step = asStep(field(form, "step"));
  const returnTo = field(form, "return") === "check" ? "check" : null;
  if (step === "citizenship") {
    const answer = field(form, "uk_citizenship");
    if (answer === "false") return page(pages.site, event, "start-not-eligible.njk", {});
    if (answer !== "true") return stepPage(pages, event, step, form, citizenshipError, returnTo);
    return stepPage(pages, event, returnTo ?? nextOf(step), form);
  }
  if (step === "you") {
    // A likely typo in the email's domain is asked about once before going on.
    const chosen = withEmailChoice(form);
    const errors = validate(pages, step, chosen.form);
    if (errors || chosen.ask)
      return stepPage(pages, event, step, chosen.form, errors ?? noErrors(), returnTo, chosen.ask);
    return stepPage(pages, event, returnTo ?? nextOf(step), chosen.form);
  }
  if (step !== "check") {
    const errors = validate(pages, step, form);
    if (errors) return stepPage(pages, event, step, form, errors, returnTo);
    return stepPage(pages, event, returnTo ?? nextOf(step), form);
  }
  // Check every answer again: hidden fields come back from the browser.
  const text = petitionTextSchema.safeParse(answers(form));
  const creator = pages.signer.safeParse(creatorInput(form));
  if (!text.success) return stepPage(pages, event, "action", form, formErrors(text.error, TEXT_FIELDS));
  if (!creator.success) {
    const errors = formErrors(creator.error, SIGNER_FIELDS);
    const citizenship = errors.byField.uk_citizenship !== undefined;
    return stepPage(
      pages,
      event,
      citizenship ? "citizenship" : "you",
      form,
      citizenship ? citizenshipError : errors,
    );
  }
  await startPetition(pages.context, text.data, creator.data, ip, new Date());
  return page(pages.site, event, "check-email.njk", { email: creator.data.email, kind: "creator" });
}
