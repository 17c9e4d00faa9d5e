/**
 * Every email the service sends: plain, specific, with absolute links, a text and an HTML part,
 * and no tracking. Each template validates its own data, so a malformed outbox message fails
 * loudly instead of sending a broken email.
 *
 * Text people typed (a petition's action, a signer's name) is never a link or markup: it is
 * escaped in the HTML part, set in quotes, and `inert()` puts a zero-width non-joiner (U+200C,
 * invisible) after every `.`, `:`, `/` and `@` in it, so mail clients that turn text that looks
 * like `evil.example` or `http://x` into a link find no address to link, in either part. An
 * email sent because someone typed an address into a form (the confirmations) says whose words
 * they are and keeps them out of its subject, since the address's owner may not have typed them.
 */
import { z } from "zod";
import { paragraphsOf, readableDate } from "../domain/readable.ts";
import {
  DEFAULT_THRESHOLDS,
  figure,
  supporters,
  type ThresholdNumbers,
} from "../petitions/threshold-numbers.ts";

export interface MailContext {
  publicUrl: string;
  serviceName: string;
  /** The thresholds the emails name, from the settings (the defaults when absent). */
  thresholds?: ThresholdNumbers;
}

const thresholdsOf = (ctx: MailContext): ThresholdNumbers => ctx.thresholds ?? DEFAULT_THRESHOLDS;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** For update emails: RFC 8058 one-click unsubscribe. */
  unsubscribeUrl?: string;
}

type Block = string | { link: string; label?: string };

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** One body written once, as text and as HTML. */
function compose(subject: string, blocks: Block[], ctx: MailContext, unsubscribeUrl?: string): RenderedMail {
  const footer: Block[] = [`${ctx.serviceName}: ${ctx.publicUrl}/`];
  if (unsubscribeUrl)
    footer.unshift("To stop getting emails about this petition:", {
      link: unsubscribeUrl,
      label: "Unsubscribe",
    });
  const all = [...blocks, "---", ...footer];
  const text = all.map((b) => (typeof b === "string" ? b : b.link)).join("\n\n");
  const html = `<!doctype html><html lang="en"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c">${all
    .map((b) => {
      if (b === "---") return "<hr>";
      if (typeof b === "string") return `<p>${escapeHtml(b)}</p>`;
      return `<p><a href="${escapeHtml(b.link)}">${escapeHtml(b.label ?? b.link)}</a></p>`;
    })
    .join("")}</body></html>`;
  return { subject, text, html, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
}

const petitionData = z.object({ petition_id: z.number().int(), action: z.string(), name: z.string() });
const withLink = petitionData.extend({ link: z.url() });
const updateData = petitionData.extend({ unsubscribe_url: z.url().optional() });
/** A threshold email: the count it reached, and an unsubscribe link when sent to signers. */
const thresholdData = updateData.extend({ signature_count: z.number().int() });
const reportData = z.object({
  entries: z.array(
    z.object({
      petition_id: z.number().int(),
      action: z.string(),
      threshold: z.enum(["response", "debate"]),
      reached_at: z.string(),
      signature_count: z.number().int(),
    }),
  ),
});
const petitionUrl = (ctx: MailContext, id: number) => `${ctx.publicUrl}/petitions/${id}`;

/** Someone's text on one line, with nothing a mail client can turn into a link. */
export const inert = (text: string) => text.replace(/\s+/g, " ").replace(/[.:/@]/g, (c) => `${c}\u200c`);
/** Someone's text, quoted. */
const quoted = (text: string) => `“${inert(text)}”`;
/** Someone's text in a subject, which mail clients do not link: quoted, on one line. */
const titled = (text: string) => `“${oneLine(text)}”`;
/** A subject line: one line whatever the data holds. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

const templates = {
  confirm_petition: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        "Confirm your email address to start your petition",
        [
          "Hello,",
          `Someone giving the name ${quoted(d.name)} used this email address to start a petition titled ${quoted(d.action)} (written by the person who started it; we have not checked it yet).`,
          "If that was you, click this link to confirm your email address and start collecting supporters:",
          { link: d.link },
          "If you did not start this petition, ignore this email: nothing will happen.",
        ],
        ctx,
      ),
  },
  gather_sponsors: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Get supporters for: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your email address is confirmed. Your petition ${quoted(d.action)} now needs supporters before we can check it.`,
          "Send this link to people you know and ask them to support your petition:",
          { link: d.link },
          `When ${supporters(thresholdsOf(ctx).moderation)} have supported it, we will check your petition against our standards. If it meets them we will publish it and it will be open for signatures.`,
        ],
        ctx,
      ),
  },
  confirm_sponsor: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        "Sign to support a petition: confirm your email address",
        [
          "Hello,",
          `Someone giving the name ${quoted(d.name)} used this email address to support a petition titled ${quoted(d.action)} (written by the person who started it; we have not checked it yet).`,
          "If that was you, click this link to confirm your support:",
          { link: d.link },
          "Your support will not count until you click the link. If it was not you, ignore this email: nothing will happen.",
        ],
        ctx,
      ),
  },
  moderation_pending: {
    data: petitionData,
    render: (d: z.output<typeof petitionData>, ctx: MailContext) =>
      compose(
        `Your petition has ${supporters(thresholdsOf(ctx).moderation)}: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your petition ${quoted(d.action)} has enough supporters. We are now checking it against our standards for petitions.`,
          "We aim to do this within 10 working days. We will email you when we have published or rejected it.",
          { link: `${ctx.publicUrl}/help/standards`, label: "Our standards for petitions" },
        ],
        ctx,
      ),
  },
  petition_published: {
    data: petitionData.extend({ closing_date: z.string() }),
    render: (d: z.output<typeof petitionData> & { closing_date: string }, ctx: MailContext) =>
      compose(
        `We published your petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `We have published your petition ${quoted(d.action)}. It is open for signatures until ${readableDate(d.closing_date)}.`,
          "Share it so people can sign:",
          { link: petitionUrl(ctx, d.petition_id) },
          `The government responds to petitions with ${figure(thresholdsOf(ctx).response)} signatures. Parliament considers petitions with ${figure(thresholdsOf(ctx).debate)} signatures for a debate.`,
        ],
        ctx,
      ),
  },
  petition_rejected: {
    data: petitionData.extend({
      reason_title: z.string(),
      reason_description: z.string(),
      details: z.string().nullable(),
      hidden: z.boolean(),
    }),
    render: (
      d: z.output<typeof petitionData> & {
        reason_title: string;
        reason_description: string;
        details: string | null;
        hidden: boolean;
      },
      ctx: MailContext,
    ) =>
      compose(
        `We rejected your petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `We could not accept your petition ${quoted(d.action)}.`,
          `Reason: ${d.reason_title}. ${d.reason_description}`,
          ...(d.details ? [d.details] : []),
          ...(d.hidden
            ? ["Because of the reason above, we will not publish the text of your petition on the website."]
            : [
                "Your petition and the reason we rejected it are on the website:",
                { link: petitionUrl(ctx, d.petition_id) },
              ]),
          { link: `${ctx.publicUrl}/help/standards`, label: "Our standards for petitions" },
        ],
        ctx,
      ),
  },
  confirm_signature: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Please confirm your email address: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Click this link to sign the petition ${quoted(d.action)}:`,
          { link: d.link },
          "Your signature will not be counted until you click the link.",
          "If you did not sign this petition, ignore this email.",
        ],
        ctx,
      ),
  },
  duplicate_signature: {
    data: petitionData,
    render: (d: z.output<typeof petitionData>, ctx: MailContext) =>
      compose(
        `Duplicate signature of petition: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Your email address was used to sign the petition ${quoted(d.action)}, but you have already signed it. We only count one signature per person.`,
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
      ),
  },
  threshold_response: {
    data: thresholdData,
    render: (d: z.output<typeof thresholdData>, ctx: MailContext) =>
      compose(
        `The government will respond to: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `The petition ${quoted(d.action)} has ${d.signature_count.toLocaleString("en-GB")} signatures. Petitions with ${figure(thresholdsOf(ctx).response)} signatures get a response from the government.`,
          "We will email you when the government responds.",
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  threshold_debate: {
    data: thresholdData,
    render: (d: z.output<typeof thresholdData>, ctx: MailContext) =>
      compose(
        `Parliament will consider a debate on: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `The petition ${quoted(d.action)} has ${d.signature_count.toLocaleString("en-GB")} signatures. Parliament considers every petition with ${figure(thresholdsOf(ctx).debate)} signatures for a debate.`,
          "We will email you when the Petitions Committee decides.",
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  threshold_report: {
    data: reportData,
    render: (d: z.output<typeof reportData>, ctx: MailContext) =>
      compose(
        `Petitions that crossed a threshold: ${d.entries.length}`,
        [
          "These petitions crossed a threshold since the last report:",
          ...d.entries.flatMap((e): Block[] => [
            `${e.threshold === "debate" ? `Debate (${figure(thresholdsOf(ctx).debate)})` : `Government response (${figure(thresholdsOf(ctx).response)})`}: ${quoted(e.action)}, ${e.signature_count.toLocaleString("en-GB")} signatures, reached ${readableDate(e.reached_at)}`,
            { link: petitionUrl(ctx, e.petition_id) },
          ]),
        ],
        ctx,
      ),
  },
  government_response: {
    data: updateData.extend({ responded_on: z.string(), summary: z.string(), details: z.string() }),
    render: (
      d: z.output<typeof updateData> & { responded_on: string; summary: string; details: string },
      ctx: MailContext,
    ) =>
      compose(
        `Government responded to: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `The government responded to the petition ${quoted(d.action)} on ${readableDate(d.responded_on)}:`,
          d.summary,
          ...paragraphsOf(d.details),
          { link: petitionUrl(ctx, d.petition_id), label: "Read the response on the petition's page" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  debate_scheduled: {
    data: updateData.extend({ scheduled_debate_date: z.string() }),
    render: (d: z.output<typeof updateData> & { scheduled_debate_date: string }, ctx: MailContext) =>
      compose(
        `Parliament will debate: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          `Parliament will debate the petition ${quoted(d.action)} on ${readableDate(d.scheduled_debate_date)}.`,
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
  debate_outcome: {
    data: updateData.extend({
      debated: z.boolean(),
      debated_on: z.string().nullable(),
      overview: z.string().nullable(),
      transcript_url: z.string().nullable(),
      video_url: z.string().nullable(),
    }),
    render: (
      d: z.output<typeof updateData> & {
        debated: boolean;
        debated_on: string | null;
        overview: string | null;
        transcript_url: string | null;
        video_url: string | null;
      },
      ctx: MailContext,
    ) =>
      compose(
        d.debated
          ? `Parliament debated: ${titled(d.action)}`
          : `Parliament didn't debate: ${titled(d.action)}`,
        [
          `Dear ${inert(d.name)},`,
          d.debated
            ? `Parliament debated the petition ${quoted(d.action)}${d.debated_on ? ` on ${readableDate(d.debated_on)}` : ""}.`
            : `The Petitions Committee decided not to debate the petition ${quoted(d.action)}.`,
          ...paragraphsOf(d.overview),
          ...(d.transcript_url ? [{ link: d.transcript_url, label: "Read the transcript" }] : []),
          ...(d.video_url ? [{ link: d.video_url, label: "Watch the debate" }] : []),
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
        d.unsubscribe_url,
      ),
  },
} as const;

export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as [TemplateName, ...TemplateName[]];

export function renderMail(template: TemplateName, data: unknown, ctx: MailContext): RenderedMail {
  const entry = templates[template];
  const parsed = entry.data.parse(data);
  const mail = (entry.render as (d: typeof parsed, c: MailContext) => RenderedMail)(parsed, ctx);
  return { ...mail, subject: oneLine(mail.subject) };
}
