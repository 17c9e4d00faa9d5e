/** What the petition-creating and signing routes share: settings, schemas and the answer. */
import { z } from "zod";
import { type Config, loadConfig } from "../config.ts";
import { loadUkData } from "../geo/uk-data.ts";
import { limitsFrom } from "./limits.ts";
import { signerSchema } from "./schema.ts";

export const SIGNING_SETTINGS = [
  "TABLE_NAME",
  "PUBLIC_URL",
  "DATA_DIR",
  "SIGNER_INDEX_SHARDS",
  "UNCONFIRMED_TTL_DAYS",
  "RATE_BURST",
  "RATE_BURST_SECONDS",
  "RATE_SUSTAINED",
  "RATE_SUSTAINED_SECONDS",
  "RATE_CREATOR",
  "RATE_SPONSOR",
] as const;

export type SigningConfig = Config<(typeof SIGNING_SETTINGS)[number]>;

export function signingContext() {
  const config = loadConfig(SIGNING_SETTINGS);
  const data = loadUkData(config.DATA_DIR);
  return { config, data, limits: limitsFrom(config), signer: signerSchema(data) };
}

export const petitionIdPath = z.object({
  id: z.string().regex(/^\d{1,9}$/, "Not a petition id").transform(Number),
});

export const tokenQuery = z.object({ token: z.string().min(1, "The link has no token").max(200) });
