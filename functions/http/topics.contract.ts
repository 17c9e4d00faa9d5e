/** The topics (public list, sysadmins' management) and a petition's topics and departments: their contracts. */
import {
  answers,
  anyObject,
  defineRoute,
  errorsSchema,
  type ResponseDoc,
} from "../../shared/http/contract.ts";
import { petitionIdPath } from "../../shared/petitions/petition-json.ts";
import {
  classificationSchema,
  newTopicSchema,
  topicCodeSchema,
  topicUpdateSchema,
} from "../../shared/petitions/topics.ts";
import * as z from "../../shared/zod.ts";

const codePath = z.object({ code: topicCodeSchema });
const noTopic = { description: "No topic has that code", schema: errorsSchema };

export const topicsJsonRoute = defineRoute({
  route: "GET /topics.json",
  summary: "Every topic, keyed by code",
  description: "As petition.parliament.uk's /topics.json: `{<code>: {code, name}}`, by name.",
  cache: { maxAge: 60, staleWhileRevalidate: 120, staleIfError: 300 },
  responses: {
    200: {
      description: "The topics",
      schema: z.record(z.string(), z.object({ code: z.string(), name: z.string() })),
    },
  },
});

/** What a sysadmin's topic route answers: `ok` on success, and the staff and validation refusals. */
const topicAnswers = (status: 200 | 201, ok: string, more: Record<number, ResponseDoc> = {}) => ({
  [status]: { description: ok, schema: anyObject },
  401: answers.unauthorised,
  403: answers.forbidden,
  422: answers.invalid,
  ...more,
});
const sysadmin = "sysadmin" as const;

export const listTopicsRoute = defineRoute({
  route: "GET /admin/topics",
  summary: "Every topic, with who made and last changed it, and the departments",
  role: sysadmin,
  responses: topicAnswers(200, "The topics, and the departments a petition may name"),
});

export const createTopicRoute = defineRoute({
  route: "POST /admin/topics",
  summary: "Add a topic",
  role: sysadmin,
  body: newTopicSchema,
  responses: topicAnswers(201, "Added"),
});

/** The routes on one topic, named by its code. */
const oneTopic = { role: sysadmin, path: codePath };

export const renameTopicRoute = defineRoute({
  route: "PUT /admin/topics/{code}",
  summary: "Rename a topic",
  ...oneTopic,
  body: topicUpdateSchema,
  responses: topicAnswers(200, "Renamed", { 404: noTopic }),
});

export const deleteTopicRoute = defineRoute({
  route: "DELETE /admin/topics/{code}",
  summary: "Delete a topic, taking it off every petition",
  ...oneTopic,
  responses: topicAnswers(200, "Deleted, and how many petitions it was taken off", { 404: noTopic }),
});

export const classificationRoute = defineRoute({
  route: "PUT /admin/petitions/{id}/classification",
  summary: "Set a petition's topics and government departments",
  description:
    "`topics`: topic codes (see /topics.json); `departments`: department keys (their gov.uk slugs, listed in the answer of GET /admin/topics). Both are required; each replaces what the petition had.",
  role: "moderator",
  path: petitionIdPath,
  body: classificationSchema,
  responses: topicAnswers(200, "The petition as the public JSON shows it", {
    404: { description: "No petition has that id", schema: errorsSchema },
  }),
});

export const topicsRoutes = [
  topicsJsonRoute,
  listTopicsRoute,
  createTopicRoute,
  renameTopicRoute,
  deleteTopicRoute,
  classificationRoute,
] as const;
