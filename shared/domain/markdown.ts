/**
 * The small, safe subset of markdown staff write other parliamentary business in: paragraphs,
 * bulleted and numbered lists, *emphasis*, **strong** and [links](https://…). Nothing else is
 * markup: every character of the text is escaped first, so HTML in it is shown, never run, and
 * a link is only made for an http(s) address.
 *
 * Provides `markdownToHtml(text)` (for pages) and `markdownToText(text)` (for the JSON, as
 * e-petitions' markdown_to_text strips its markup to plain text).
 */
import { escapeHtml } from "../html.ts";

type Block = { kind: "p"; lines: string[] } | { kind: "ul" | "ol"; items: string[] };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d{1,9}[.)]\s+(.*)$/;
const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current = null as Block | null;
  for (const line of text.replace(/\r\n?/g, "\n").split("\n")) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === "") {
      current = null;
    } else if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      const item = ((bullet ?? numbered) as RegExpExecArray)[1] ?? "";
      if (current?.kind !== kind) {
        current = { kind, items: [] };
        blocks.push(current);
      }
      current.items.push(item.trim());
    } else if (current?.kind === "ul" || current?.kind === "ol") {
      // A continuation line belongs to the last item.
      const last = current.items.length - 1;
      current.items[last] = `${current.items[last]} ${line.trim()}`;
    } else {
      if (current?.kind !== "p") {
        current = { kind: "p", lines: [] };
        blocks.push(current);
      }
      current.lines.push(line.trim());
    }
  }
  return blocks;
}

/** One line's inline markup, the text already escaped (so `<`, `"` and `&` cannot make markup). */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(LINK, (_, label: string, href: string) => {
      return `<a class="govuk-link" rel="nofollow" href="${href}">${label}</a>`;
    })
    .replace(/\*\*([^*\n]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*([^*\n]+)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/(^|[^_\w])_([^_\n]+)_(?!\w)/g, "$1<em>$2</em>");
}

export function markdownToHtml(text: string): string {
  return blocksOf(text)
    .map((block) => {
      if (block.kind === "p") return `<p class="govuk-body">${block.lines.map(inline).join("<br>\n")}</p>`;
      const list = block.kind === "ul" ? "govuk-list govuk-list--bullet" : "govuk-list govuk-list--number";
      return `<${block.kind} class="${list}">${block.items.map((i) => `<li>${inline(i)}</li>`).join("")}</${block.kind}>`;
    })
    .join("\n");
}

/**
 * Plain text as e-petitions' markdown_to_text writes it: emphasis marks dropped, list items as
 * "* item" and "1. item", each link as its label and a number, the numbered addresses at the end.
 */
export function markdownToText(text: string): string {
  const links: string[] = [];
  const plain = (line: string) =>
    line
      .replace(LINK, (_, label: string, href: string) => `${label}[${links.push(href)}]`)
      .replace(/\*\*([^*\n]+)\*\*/g, "$1")
      .replace(/(^|[^*\w])\*([^*\n]+)\*(?!\w)/g, "$1$2")
      .replace(/(^|[^_\w])_([^_\n]+)_(?!\w)/g, "$1$2");
  const body = blocksOf(text)
    .map((block) => {
      if (block.kind === "p") return block.lines.map(plain).join("\n");
      return block.items
        .map((item, n) => `${block.kind === "ul" ? "*" : `${n + 1}.`} ${plain(item)}`)
        .join("\n");
    })
    .join("\n\n");
  if (links.length === 0) return body;
  return `${body}\n\n${links.map((href, n) => `[${n + 1}]: ${href}`).join("\n")}`;
}
