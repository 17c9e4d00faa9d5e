/** What the petition-creating and signing routes share: settings, schemas and the answer. */
import { z } from "zod";
import { type Config, loadConfig, SIGNING_SETTINGS } from "../config.ts";
import { loadUkData } from "../geo/uk-data.ts";
import { mailCapsFrom } from "../mail/caps.ts";
import { limitsFrom } from "./limits.ts";
import { signerSchema } from "./schema.ts";

export { SIGNING_SETTINGS };

export type SigningConfig = Config<(typeof SIGNING_SETTINGS)[number]>;

export function signingContext() {
  const config = loadConfig(SIGNING_SETTINGS);
  const data = loadUkData(config.DATA_DIR);
  return { config, data, limits: limitsFrom(config), caps: mailCapsFrom(config), signer: signerSchema(data) };
}

/** A petition id in the path: 400 when not an integer, 404 when no petition can have it. */
export { petitionIdPathParam as petitionIdPath } from "../petitions/petition-id.ts";

export const tokenQuery = z.object({ token: z.string().min(1, "The link has no token").max(200) });
