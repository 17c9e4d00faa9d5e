/**
 * The signer's and the petition's fields, validated as petition.parliament.uk validates them.
 * Every failure names its field; the schemas also normalise (trimmed text, `SW1A 1AA`).
 */
import { oneLineString } from "../domain/one-line.ts";
import { formatPostcode, isValidUkPostcode } from "../domain/postcode.ts";
import type { UkData } from "../geo/uk-data.ts";
import * as z from "../zod.ts";

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
  z.pipe(
    z.pipe(
      multiline ? z.string({ error: `Enter the ${field}` }) : oneLineString(field, `Enter the ${field}`),
      z.transform((s: string) => s.trim()),
    ),
    z.string().check(
      z.minLength(min, min === 1 ? `Enter the ${field}` : `The ${field} must be at least ${min} characters`),
      z.maxLength(max, `The ${field} must be ${max} characters or fewer`),
      z.refine((s) => !hasControlCharacter(s), {
        message: `The ${field} contains characters we cannot accept`,
        params: { code: "invalid_characters" },
      }),
      z.refine((s) => !FORMULA_START.test(s), {
        message: `The ${field} cannot start with =, +, - or @`,
        params: { code: "formula" },
      }),
    ),
  );

export const petitionTextSchema = z.object({
  action: plainText("action", 1, 80),
  background: plainText("background", 1, 300, true),
  additional_details: z.pipe(
    z.optional(z.union([plainText("additional details", 0, 800, true), z.null()])),
    z.transform((s) => (s ? s : null)),
  ),
});

const nameSchema = plainText("name", 1, 255).check(
  z.refine((s) => !URL_LIKE.test(s), {
    message: "Your name cannot contain links",
    params: { code: "link" },
  }),
);

const emailSchema = z.pipe(
  z.pipe(
    oneLineString("email address", "Enter your email address"),
    z.transform((s: string) => s.trim()),
  ),
  z.email("Enter an email address in the correct format, like name@example.com").check(z.maxLength(254)),
);

/** Signer fields for a given moment's list of locations. */
export function signerSchema(data: UkData, now: () => Date = () => new Date()) {
  return z.pipe(
    z
      .object({
        name: nameSchema,
        email: emailSchema,
        postcode: z.pipe(
          z.nullable(
            z.optional(
              oneLineString("postcode").check(
                z.maxLength(255, "The postcode must be 255 characters or fewer"),
              ),
            ),
          ),
          z.transform((s) => s?.trim() ?? ""),
        ),
        location: z
          .pipe(
            oneLineString("location", "Choose where you live"),
            z.transform((s: string) => s.trim().toUpperCase()),
          )
          .check(
            z.refine((code) => data.locations(now()).some((l) => l.code === code), {
              message: "Choose a location from the list",
              params: { code: "unknown_location" },
            }),
          ),
        uk_citizenship: z.literal(true, {
          error: "Only British citizens or UK residents can sign",
        }),
        notify_by_email: z.pipe(
          z.optional(z.union([z.boolean(), z.enum(["true", "false", "yes", "no", "on"])])),
          z.transform((v) => v === true || v === "true" || v === "yes" || v === "on"),
        ),
      })
      .check(
        z.superRefine((value, ctx) => {
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
        }),
      ),
    z.transform((value) => ({
      ...value,
      postcode: value.location === "GB" ? formatPostcode(value.postcode) : value.postcode || null,
    })),
  );
}

export type Signer = z.output<ReturnType<typeof signerSchema>>;
