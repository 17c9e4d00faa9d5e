/**
 * GET and PUT /admin/settings: the site settings sysadmins change at run time; POST
 * /admin/moderation-delay: their "moderation is delayed" email to the creators of overdue petitions.
 */
import { siteChangeSchema, siteFieldsSchema } from "../../shared/domain/site-settings.ts";
import { answers, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { delayMailSchema } from "../../shared/petitions/moderation-delay.ts";
import * as z from "../../shared/zod.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };

/** The settings as one flat object with the version to send back and who changed them last. */
export const siteSettingsSchema = z.extend(siteFieldsSchema, {
  version: z.number().check(z.int()),
  updated_at: z.nullable(z.string()),
  updated_by: z.nullable(z.string()),
});

export const getSettingsRoute = defineRoute({
  route: "GET /admin/settings",
  summary:
    "The site settings in effect (defaults from the environment, stored changes over them) and their version",
  role: "sysadmin",
  responses: { 200: { description: "The settings", schema: siteSettingsSchema }, ...staffAnswers },
});

export const putSettingsRoute = defineRoute({
  route: "PUT /admin/settings",
  summary:
    "Change the named settings (the rest stay as they are) if their version is still the one sent; recorded with who and when",
  role: "sysadmin",
  body: siteChangeSchema,
  responses: {
    200: {
      description: "The settings after the change, and what it changed",
      schema: z.extend(siteSettingsSchema, { changed: z.array(z.string()) }),
    },
    ...staffAnswers,
    409: { description: "The settings changed since that version was read", schema: errorsSchema },
    422: answers.invalid,
  },
});

export const moderationDelayRoute = defineRoute({
  route: "POST /admin/moderation-delay",
  summary:
    "Email the creator of every petition overdue in moderation (subject at most 100, body at most 2,000 characters), once per petition; `preview` renders it and sends nothing",
  role: "sysadmin",
  body: z.catchall(z.extend(delayMailSchema, { preview: z._default(z.boolean(), false) }), z.never()),
  responses: {
    200: {
      description: "The preview: the email as a creator would get it, and how many petitions are overdue",
      schema: z.object({
        preview: z.object({ subject: z.string(), text: z.string(), html: z.string() }),
        overdue: z.number(),
      }),
    },
    202: {
      description: "Queued: one email per overdue petition not already sent this text today",
      schema: z.object({ mailing: z.string(), overdue: z.number(), queued: z.number() }),
    },
    ...staffAnswers,
    422: answers.invalid,
  },
});
