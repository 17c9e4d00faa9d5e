/**
 * The moderators' tools (search across every state, the note, tags, editing a petition's words
 * before publication, the supporter link again) and the sysadmins' tag list: the contracts their
 * handler validates with and the OpenAPI document shows.
 */
import { answers, anyObject, defineRoute, errorsSchema } from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import { noteSchema, petitionTagsSchema, petitionTextsSchema } from "../../shared/petitions/staff-tools.ts";
import { tagListSchema } from "../../shared/petitions/tags.ts";
import * as z from "../../shared/zod.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };
const petitionAnswers = {
  200: { description: "The petition after the change", schema: anyObject },
  ...staffAnswers,
  404: { description: "No petition has that id", schema: errorsSchema },
  422: answers.invalid,
};

export const staffSearchRoute = defineRoute({
  route: "GET /admin/search",
  summary: "Find petitions in every state by id or by the words of their texts",
  description:
    "A number (or #number) is an id: `jump` names the petition when it exists. Words match the action, background and additional details; at most 50 petitions, newest first. Reads at most: published and rejected petitions through the search index's postings, the newest 1,000 never-published and 500 hidden petitions, then up to 50 petitions.",
  role: "moderator",
  query: z.object({
    q: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, "Enter an id or words to search for"),
        z.maxLength(200, "Search for 200 characters or fewer"),
      ),
  }),
  responses: {
    200: { description: "The petitions found", schema: anyObject },
    ...staffAnswers,
    422: answers.invalid,
  },
});

export const noteRoute = defineRoute({
  route: "PUT /admin/petitions/{id}/note",
  summary: "Set the moderators' note on a petition (null or empty clears it); never public",
  role: "moderator",
  path: petitionIdPath,
  body: noteSchema,
  responses: petitionAnswers,
});

export const petitionTagsRoute = defineRoute({
  route: "PUT /admin/petitions/{id}/tags",
  summary: "Set a petition's tags, from the sysadmins' tag list; never public",
  role: "moderator",
  path: petitionIdPath,
  body: petitionTagsSchema,
  responses: petitionAnswers,
});

export const textsRoute = defineRoute({
  route: "PUT /admin/petitions/{id}/texts",
  summary: "Edit a petition's action, background and additional details before publication",
  description: "The creator's first words are kept (original_text) the first time they are edited.",
  role: "moderator",
  path: petitionIdPath,
  body: petitionTextsSchema,
  responses: {
    ...petitionAnswers,
    409: { description: "The petition has been published or decided on", schema: errorsSchema },
  },
});

export const sponsorEmailRoute = defineRoute({
  route: "POST /admin/petitions/{id}/sponsor-email",
  summary: "Email the creator the link to send to supporters again",
  role: "moderator",
  path: petitionIdPath,
  responses: {
    ...petitionAnswers,
    409: { description: "The petition no longer takes supporters", schema: errorsSchema },
  },
});

export const listTagsRoute = defineRoute({
  route: "GET /admin/tags",
  summary: "The tag list moderators tag petitions from",
  role: "moderator",
  responses: { 200: { description: "The tag list", schema: anyObject }, ...staffAnswers },
});

export const setTagsRoute = defineRoute({
  route: "PUT /admin/tags",
  summary: "Replace the tag list",
  role: "sysadmin",
  body: tagListSchema,
  responses: {
    200: { description: "The tag list", schema: anyObject },
    ...staffAnswers,
    422: answers.invalid,
  },
});

export const moderationToolRoutes = [
  staffSearchRoute,
  noteRoute,
  petitionTagsRoute,
  textsRoute,
  sponsorEmailRoute,
  listTagsRoute,
  setTagsRoute,
] as const;
