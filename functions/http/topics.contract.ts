/** The topics (public list, sysadmins' management) and a petition's topics and departments: their contracts. */
import { z } from "zod";
import { answers, anyObject, defineRoute } from "../../shared/http/contract.ts";
import { errorsSchema, petitionIdPath } from "../../shared/petitions/petition-json.ts";
import {
  classificationSchema,
  newTopicSchema,
  topicCodeSchema,
  topicUpdateSchema,
} from "../../shared/petitions/topics.ts";

const staffAnswers = { 401: answers.unauthorised, 403: answers.forbidden };
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

export const listTopicsRoute = defineRoute({
  route: "GET /admin/topics",
  summary: "Every topic, with who made and last changed it",
  role: "sysadmin",
  responses: { 200: { description: "The topics", schema: anyObject }, ...staffAnswers },
});

export const createTopicRoute = defineRoute({
  route: "POST /admin/topics",
  summary: "Add a topic",
  role: "sysadmin",
  body: newTopicSchema,
  responses: { 201: { description: "Added", schema: anyObject }, ...staffAnswers, 422: answers.invalid },
});

export const renameTopicRoute = defineRoute({
  route: "PUT /admin/topics/{code}",
  summary: "Rename a topic",
  role: "sysadmin",
  path: codePath,
  body: topicUpdateSchema,
  responses: {
    200: { description: "Renamed", schema: anyObject },
    ...staffAnswers,
    404: noTopic,
    422: answers.invalid,
  },
});

export const deleteTopicRoute = defineRoute({
  route: "DELETE /admin/topics/{code}",
  summary: "Delete a topic, taking it off every petition",
  role: "sysadmin",
  path: codePath,
  responses: {
    200: { description: "Deleted, and how many petitions it was taken off", schema: anyObject },
    ...staffAnswers,
    404: noTopic,
    422: answers.invalid,
  },
});

export const classificationRoute = defineRoute({
  route: "PUT /admin/petitions/{id}/classification",
  summary: "Set a petition's topics and government departments",
  description:
    "`topics`: topic codes (see /topics.json); `departments`: department keys (their gov.uk slugs, listed in the answer of GET /admin/topics).",
  role: "moderator",
  path: petitionIdPath,
  body: classificationSchema,
  responses: {
    200: { description: "The petition as the public JSON shows it", schema: anyObject },
    ...staffAnswers,
    404: { description: "No petition has that id", schema: errorsSchema },
    422: answers.invalid,
  },
});

export const topicsRoutes = [
  topicsJsonRoute,
  listTopicsRoute,
  createTopicRoute,
  renameTopicRoute,
  deleteTopicRoute,
  classificationRoute,
] as const;
