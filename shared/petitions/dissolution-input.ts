/**
 * What a sysadmin submits to set a parliament's dissolution (shared/petitions/parliament.ts
 * `setDissolution`), apart from the parliament's store so that functions that only read the
 * current parliament (every signing and page function, for its notices) carry no such schema.
 */
import { oneLineString } from "../domain/one-line.ts";
import * as z from "../zod.ts";

const instant = z.iso.datetime({ offset: true, error: "Use a date and time like 2026-03-31T23:59:59Z" });
const heading = oneLineString("heading").check(z.trim(), z.maxLength(100, "Use 100 characters or fewer"));
const message = z.string().check(z.trim(), z.maxLength(600, "Use 600 characters or fewer"));

/** What a sysadmin sets: e-petitions' dissolution fields. Each absent field is cleared. */
export const dissolutionSchema = z
  .strictObject({
    government: z.optional(
      oneLineString("government").check(z.trim(), z.maxLength(100, "Use 100 characters or fewer")),
    ),
    dissolution_at: z._default(z.nullable(instant), null),
    dissolution_heading: z.optional(heading),
    dissolution_message: z.optional(message),
    dissolved_heading: z.optional(heading),
    dissolved_message: z.optional(message),
    dissolution_faq_url: z.optional(
      z.url({ protocol: /^https$/, error: "Use an https:// address" }).check(z.maxLength(255)),
    ),
    notification_cutoff_at: z._default(z.nullable(instant), null),
    registration_closed_at: z._default(z.nullable(instant), null),
    election_date: z._default(z.nullable(z.iso.date("Use a date like 2026-03-31")), null),
    show_dissolution_notification: z._default(z.boolean(), false),
    /** When a parliament after a dissolution opens for new petitions; absent keeps it as it is. */
    opening_at: z.optional(instant),
  })
  .check(
    z.superRefine((d, ctx) => {
      if (d.dissolution_at === null) return;
      for (const field of ["dissolution_heading", "dissolution_message"] as const)
        if (!d[field])
          ctx.addIssue({ code: "custom", path: [field], message: "Enter it when dissolution is set" });
      const at = Date.parse(d.dissolution_at);
      for (const field of ["notification_cutoff_at", "registration_closed_at"] as const) {
        const value = d[field];
        if (value !== null && Date.parse(value) > at)
          ctx.addIssue({ code: "custom", path: [field], message: "Must not be after dissolution_at" });
      }
    }),
  );
export type DissolutionInput = z.output<typeof dissolutionSchema>;
