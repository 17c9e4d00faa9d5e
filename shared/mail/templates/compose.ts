/**
 * What every email template is made of: one body written once as text and as HTML, the data
 * every template shares, and the rules for text people typed (see shared/mail/templates.ts).
 */
import { escapeHtml } from "../../html.ts";
import { DEFAULT_THRESHOLDS, type ThresholdNumbers } from "../../petitions/threshold-numbers.ts";
import * as z from "../../zod.ts";

export interface MailContext {
  publicUrl: string;
  serviceName: string;
  /** The thresholds the emails name, from the settings (the defaults when absent). */
  thresholds?: ThresholdNumbers;
}

/** The thresholds an email names. */
export const thresholdsOf = (ctx: MailContext): ThresholdNumbers => ctx.thresholds ?? DEFAULT_THRESHOLDS;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** For update emails: RFC 8058 one-click unsubscribe. */
  unsubscribeUrl?: string;
  /** Where a reply goes, when not to the sender (feedback: the person who wrote it). */
  replyTo?: string;
}

export type Block = string | { link: string; label?: string };

/** One body written once, as text and as HTML. */
export function compose(
  subject: string,
  blocks: Block[],
  ctx: MailContext,
  unsubscribeUrl?: string,
): RenderedMail {
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

export const petitionData = z.object({
  petition_id: z.number().check(z.int()),
  action: z.string(),
  name: z.string(),
});
export const withLink = z.extend(petitionData, { link: z.url() });
export const updateData = z.extend(petitionData, { unsubscribe_url: z.optional(z.url()) });
export const petitionUrl = (ctx: MailContext, id: number) => `${ctx.publicUrl}/petitions/${id}`;

/** Someone's text on one line, with nothing a mail client can turn into a link. */
export const inert = (text: string) => text.replace(/\s+/g, " ").replace(/[.:/@]/g, (c) => `${c}\u200c`);
/** Someone's text, quoted. */
export const quoted = (text: string) => `“${inert(text)}”`;
/** Someone's text in a subject, which mail clients do not link: quoted, on one line. */
export const titled = (text: string) => `“${oneLine(text)}”`;
/** A subject line: one line whatever the data holds. */
export const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
