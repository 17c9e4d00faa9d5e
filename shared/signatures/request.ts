/** What the petition-creating and signing routes share: settings, schemas and the answer. */
import { type Config, SIGNING_SETTINGS } from "../config.ts";
import { loadUkData } from "../geo/uk-data.ts";
import { mailCapsFrom } from "../mail/caps.ts";
import * as z from "../zod.ts";
import { limitsFrom } from "./limits.ts";
import { signatureIdSchema } from "./model.ts";
import { signerSchema } from "./submitted-fields.ts";

export { SIGNING_SETTINGS };

export type SigningConfig = Config<(typeof SIGNING_SETTINGS)[number]>;

/** What a signing route works with, from its function's settings (a superset of SIGNING_SETTINGS). */
export function signingContext(config: SigningConfig) {
  const data = loadUkData(config.DATA_DIR);
  return { config, data, limits: limitsFrom(config), caps: mailCapsFrom(config), signer: signerSchema(data) };
}

export const tokenQuery = z.object({
  token: z.string().check(z.minLength(1, "The link has no token"), z.maxLength(200)),
});

export const signatureIdPath = z.object({ id: signatureIdSchema });
