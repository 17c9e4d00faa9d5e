/**
 * The static files the pages use, served under /assets/: GOV.UK Frontend's CSS and JS and this
 * service's own app.css and app.js. The local engine serves them from memory; the CDK stack
 * uploads the same list to the assets bucket behind CloudFront.
 *
 * GOV.UK Frontend's CSS names the GDS Transport font, which is reserved for GOV.UK: the copy
 * served here drops its @font-face rules and uses the system font stack instead, so the font
 * files are neither referenced nor served (and neither is the crest image of the footer).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EMAIL_TYPO_RULES } from "../domain/email-typos.ts";

export interface Asset {
  /** Key under /assets/, e.g. `app.css`. */
  key: string;
  contentType: string;
  body: string;
}

export const SYSTEM_FONT_STACK =
  'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif';

const here = dirname(fileURLToPath(import.meta.url));

/** GOV.UK Frontend's stylesheet without the GOV.UK font. */
export function withoutGovukFont(css: string): string {
  return (
    css
      .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, "")
      .replaceAll("font-family:GDS Transport,arial,sans-serif", `font-family:${SYSTEM_FONT_STACK}`)
      .replaceAll("font-family:GDS Transport", `font-family:${SYSTEM_FONT_STACK}`)
      // The footer's royal crest is GOV.UK's too.
      .replaceAll("url(/assets/images/govuk-crest.svg)", "none")
      .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "")
  );
}

export function buildAssets(): Asset[] {
  const require = createRequire(import.meta.url);
  const govuk = resolve(dirname(require.resolve("govuk-frontend/package.json")), "dist/govuk");
  const read = (path: string) => readFileSync(path, "utf8");
  const own = resolve(here, "assets");
  return [
    {
      key: "govuk-frontend.min.css",
      contentType: "text/css; charset=utf-8",
      body: withoutGovukFont(read(resolve(govuk, "govuk-frontend.min.css"))),
    },
    {
      key: "govuk-frontend.min.js",
      contentType: "text/javascript; charset=utf-8",
      body: read(resolve(govuk, "govuk-frontend.min.js")).replace(/\/\/# sourceMappingURL=\S+/g, ""),
    },
    { key: "app.css", contentType: "text/css; charset=utf-8", body: read(resolve(own, "app.css")) },
    { key: "app.js", contentType: "text/javascript; charset=utf-8", body: read(resolve(own, "app.js")) },
    {
      key: "email-hint.js",
      contentType: "text/javascript; charset=utf-8",
      body: read(resolve(own, "email-hint.js")),
    },
    // The typo rules, from the same data the server reads.
    {
      key: "email-typos.js",
      contentType: "text/javascript; charset=utf-8",
      body: `export const EMAIL_TYPO_RULES = ${JSON.stringify(EMAIL_TYPO_RULES)};\n`,
    },
  ];
}
