/**
 * The signer's and the petition's fields, validated as petition.parliament.uk validates them.
 * Every failure names its field; the schemas also normalise (trimmed text, `SW1A 1AA`).
 */
import * as z from "zod";
import { oneLineString } from "../domain/one-line.ts";
import { formatPostcode, isValidUkPostcode } from "../domain/postcode.ts";
import type { UkData } from "../geo/uk-data.ts";

const FORMULA_START = /^[=+\-@]/;
const URL_LIKE = /(https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(com|org|net|uk|io|co)\b\/?/i;
/** Control characters other than tab and newlines: NUL bytes and the like have no place in text. */
const hasControlCharacter = (s: string) =>
  [...s].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code < 32 && c !== "\t" && c !== "\n" && c !== "\r") || code === 127;
  });

/**
 * Trimmed text of bounded length that cannot start a spreadsheet formula; on one line unless
 * `multiline`.
 */
export const plainText = (field: string, min: number, max: number, multiline = false) =>
  (multiline ? z.string({ error: `Enter the ${field}` }) : oneLineString(field, `Enter the ${field}`))
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(min, min === 1 ? `Enter the ${field}` : `The ${field} must be at least ${min} characters`)
        .max(max, `The ${field} must be ${max} characters or fewer`)
        .refine((s) => !hasControlCharacter(s), {
          message: `The ${field} contains characters we cannot accept`,
          params: { code: "invalid_characters" },
        })
        .refine((s) => !FORMULA_START.test(s), {
          message: `The ${field} cannot start with =, +, - or @`,
          params: { code: "formula" },
        }),
    );

export const petitionTextSchema = z.object({
  action: plainText("action", 1, 80),
  background: plainText("background", 1, 300, true),
  additional_details: z
    .union([plainText("additional details", 0, 800, true), z.null()])
    .optional()
    .transform((s) => (s ? s : null)),
});

const nameSchema = plainText("name", 1, 255).refine((s) => !URL_LIKE.test(s), {
  message: "Your name cannot contain links",
  params: { code: "link" },
});

const emailSchema = oneLineString("email address", "Enter your email address")
  .transform((s) => s.trim())
  .pipe(z.email("Enter an email address in the correct format, like name@example.com").max(254));

/** Signer fields for a given moment's list of locations. */
export function signerSchema(data: UkData, now: () => Date = () => new Date()) {
  return z
    .object({
      name: nameSchema,
      email: emailSchema,
      postcode: oneLineString("postcode")
        .max(255, "The postcode must be 255 characters or fewer")
        .optional()
        .nullable()
        .transform((s) => s?.trim() ?? ""),
      location: oneLineString("location", "Choose where you live")
        .transform((s) => s.trim().toUpperCase())
        .refine((code) => data.locations(now()).some((l) => l.code === code), {
          message: "Choose a location from the list",
          params: { code: "unknown_location" },
        }),
      uk_citizenship: z.literal(true, {
        error: "Only British citizens or UK residents can sign",
      }),
      notify_by_email: z
        .union([z.boolean(), z.enum(["true", "false", "yes", "no", "on"])])
        .optional()
        .transform((v) => v === true || v === "true" || v === "yes" || v === "on"),
    })
    .superRefine((value, ctx) => {
      if (value.location !== "GB") return;
      if (value.postcode === "") {
        ctx.addIssue({
          code: "custom",
          path: ["postcode"],
          message: "Enter your postcode",
          params: { code: "required" },
        });
      } else if (!isValidUkPostcode(value.postcode)) {
        ctx.addIssue({
          code: "custom",
          path: ["postcode"],
          message: "Enter a real UK postcode, like SW1A 1AA",
          params: { code: "invalid_postcode" },
        });
      }
    })
    .transform((value) => ({
      ...value,
      postcode: value.location === "GB" ? formatPostcode(value.postcode) : value.postcode || null,
    }));
}

export type Signer = z.output<ReturnType<typeof signerSchema>>;
