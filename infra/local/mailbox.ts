/** The local SES's store, read back as the mailbox tests and people use. */

import { escapeHtml } from "../../shared/html.ts";
import * as z from "../../shared/zod.ts";

const storeSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.optional(z.string()),
      from: z.string(),
      destination: z._default(z.partial(z.object({ to: z._default(z.array(z.string()), []) })), {}),
      subject: z._default(z.string(), ""),
      replyTo: z._default(z.array(z.string()), []),
      body: z._default(z.object({ text: z.optional(z.string()), html: z.optional(z.string()) }), {}),
      headers: z.optional(z.array(z.object({ name: z.string(), value: z.string() }))),
      at: z.number(),
    }),
  ),
});

export interface MailMessage {
  id: string;
  to: string[];
  from: string;
  replyTo: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  date: string;
}

export async function readMailbox(sesEndpoint: string): Promise<MailMessage[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  const store = storeSchema.parse(await response.json());
  return store.emails
    .map((email, index) => ({
      id: email.messageId ?? String(index),
      to: email.destination.to ?? [],
      from: email.from,
      replyTo: email.replyTo,
      subject: email.subject,
      text: email.body.text ?? "",
      html: email.body.html ?? "",
      headers: Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value])),
      date: new Date(email.at * 1000).toISOString(),
      order: index,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.order - b.order)
    .map(({ order: _order, ...message }) => message);
}

export function mailboxPage(messages: MailMessage[]): string {
  const rows = [...messages]
    .reverse()
    .map((m) => {
      const links = [...new Set(m.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])]
        .map((href) => `<li><a href="${escapeHtml(href)}">${escapeHtml(href)}</a></li>`)
        .join("");
      return `<article class="mail"><h2>${escapeHtml(m.subject)}</h2>
<p><strong>To:</strong> ${escapeHtml(m.to.join(", "))} &middot; <strong>From:</strong> ${escapeHtml(m.from)} &middot; ${escapeHtml(m.date)}</p>
<pre>${escapeHtml(m.text)}</pre>${links ? `<ul>${links}</ul>` : ""}</article>`;
    })
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mailbox</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}.mail{border-bottom:1px solid #ccc;padding:1rem 0}pre{white-space:pre-wrap}</style>
</head><body><h1>Local mailbox</h1><p>${messages.length} email(s), newest first. <a href="/_local/mail.json">JSON</a></p>${rows || "<p>No email yet.</p>"}</body></html>`;
}
