/**
 * Every email the service sends: plain, specific, with absolute links, a text and an HTML part,
 * and no tracking. Each template validates its own data, so a malformed outbox message fails
 * loudly instead of sending a broken email.
 */
import { z } from "zod";

export interface MailContext {
  publicUrl: string;
  serviceName: string;
}

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
const petitionUrl = (ctx: MailContext, id: number) => `${ctx.publicUrl}/petitions/${id}`;
const quoted = (action: string) => `“${action}”`;

const templates = {
  confirm_petition: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Confirm your email address to start your petition: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `Click this link to confirm your email address and start collecting supporters for your petition ${quoted(d.action)}:`,
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
        `Get supporters for: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `Your email address is confirmed. Your petition ${quoted(d.action)} now needs supporters before we can check it.`,
          "Send this link to people you know and ask them to support your petition:",
          { link: d.link },
          "When five people have supported it, we will check your petition against our standards. If it meets them we will publish it and it will be open for signatures.",
        ],
        ctx,
      ),
  },
  confirm_sponsor: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Sign to support: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `Click this link to confirm your support for the petition ${quoted(d.action)}:`,
          { link: d.link },
          "Your support will not count until you click the link.",
        ],
        ctx,
      ),
  },
  moderation_pending: {
    data: petitionData,
    render: (d: z.output<typeof petitionData>, ctx: MailContext) =>
      compose(
        `Your petition has five supporters: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
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
        `We published your petition: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `We have published your petition ${quoted(d.action)}. It is open for signatures until ${d.closing_date}.`,
          "Share it so people can sign:",
          { link: petitionUrl(ctx, d.petition_id) },
          "The government responds to petitions with 10,000 signatures. Parliament considers petitions with 100,000 signatures for a debate.",
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
        `We rejected your petition: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `We could not accept your petition ${quoted(d.action)}.`,
          `Reason: ${d.reason_title}. ${d.reason_description}`,
          ...(d.details ? [d.details] : []),
          d.hidden
            ? "Because of the reason above, we will not publish the text of your petition on the website."
            : "We will publish your petition and the reason we rejected it on the website.",
          { link: `${ctx.publicUrl}/help/standards`, label: "Our standards for petitions" },
        ],
        ctx,
      ),
  },
  confirm_signature: {
    data: withLink,
    render: (d: z.output<typeof withLink>, ctx: MailContext) =>
      compose(
        `Please confirm your email address: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
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
        `Duplicate signature of petition: ${quoted(d.action)}`,
        [
          `Dear ${d.name},`,
          `Your email address was used to sign the petition ${quoted(d.action)}, but you have already signed it. We only count one signature per person.`,
          { link: petitionUrl(ctx, d.petition_id), label: "See the petition" },
        ],
        ctx,
      ),
  },
} as const;

export type TemplateName = keyof typeof templates;
export const templateNames = Object.keys(templates) as [TemplateName, ...TemplateName[]];

export function renderMail(template: TemplateName, data: unknown, ctx: MailContext): RenderedMail {
  const entry = templates[template];
  const parsed = entry.data.parse(data);
  return (entry.render as (d: typeof parsed, c: MailContext) => RenderedMail)(parsed, ctx);
}
