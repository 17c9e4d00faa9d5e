/**
 * Topics (e-petitions' Topic: a code and a name, each unique, at most 100 characters; managed by
 * sysadmins) and the topics and departments staff set on a petition.
 *
 * Access patterns:
 * - every topic, by name:       Query TOPIC (a few dozen items at most), sorted in memory
 * - one topic:                  Get TOPIC / <code>
 * - create / rename / delete:   Put (condition: code new) / Update (condition: exists) / Delete
 * - a topic's petitions:        Query TOPICTAG#<code>: one small item per tagged petition, written
 *                               in the petition's own transaction, so deleting a topic can take it
 *                               off every petition it was on (as e-petitions' after_destroy does)
 * - a topic's listed petitions: the search index's topic term (shared/search/text.ts topicTerm),
 *                               which the indexer posts for every visible tagged petition
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { pad } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import { oneLineString } from "../domain/one-line.ts";
import { petitionStates } from "../domain/petition-state.ts";
import type { Staff } from "../domain/staff.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { logger } from "../log.ts";
import { LogCode } from "../log-codes.ts";
import * as z from "../zod.ts";
import { isDepartment } from "./departments.ts";
import type { PetitionRecord } from "./model.ts";
import { amend } from "./store.ts";

/** e-petitions' Topics::CODE_PATTERN. */
export const TOPIC_CODE = /^[a-z][-a-z0-9]*$/;

const topicKey = (code: string) => ({ PK: "TOPIC", SK: `TOPIC#${code}` });
const tagKey = (code: string, id: number) => ({ PK: `TOPICTAG#${code}`, SK: `PETITION#${pad(id)}` });

export const topicCodeSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.minLength(1, "Enter a code"),
    z.maxLength(100, "The code must be 100 characters or fewer"),
    z.regex(TOPIC_CODE, "Use lower-case letters, digits and hyphens, starting with a letter"),
  );
const topicName = oneLineString("name").check(
  z.trim(),
  z.minLength(1, "Enter a name"),
  z.maxLength(100, "The name must be 100 characters or fewer"),
);

export const newTopicSchema = z.object({ code: topicCodeSchema, name: topicName });
export const topicUpdateSchema = z.object({ name: topicName });

export interface Topic {
  code: string;
  name: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** The topics, by name, as e-petitions' Topic.by_name. */
export async function listTopics(): Promise<Topic[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": "TOPIC" },
  });
  return items
    .map(({ code, name, created_at, created_by, updated_at, updated_by }) => ({
      code,
      name,
      created_at,
      created_by,
      updated_at,
      updated_by,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name))) as Topic[];
}

const nameTaken = () =>
  new ValidationError([{ field: "name", code: "taken", message: "Another topic has that name" }]);

export async function createTopic(input: z.output<typeof newTopicSchema>, staff: Staff, now: Date) {
  const existing = await listTopics();
  if (existing.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) throw nameTaken();
  const at = now.toISOString();
  const topic: Topic = {
    ...input,
    created_at: at,
    created_by: staff.id,
    updated_at: at,
    updated_by: staff.id,
  };
  try {
    await db.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...topicKey(input.code), entity: "TOPIC", ...topic },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  } catch (error) {
    if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
    throw new ValidationError([{ field: "code", code: "taken", message: "A topic has that code" }]);
  }
  return topic;
}

export async function renameTopic(code: string, name: string, staff: Staff, now: Date): Promise<Topic> {
  const existing = await listTopics();
  if (existing.some((t) => t.code !== code && t.name.toLowerCase() === name.toLowerCase())) throw nameTaken();
  try {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: topicKey(code),
        UpdateExpression: "SET #name = :name, updated_at = :at, updated_by = :by",
        ConditionExpression: "attribute_exists(PK)",
        ExpressionAttributeNames: { "#name": "name" },
        ExpressionAttributeValues: { ":name": name, ":at": now.toISOString(), ":by": staff.id },
        ReturnValues: "ALL_NEW",
      }),
    );
    const { code: c, created_at, created_by, updated_at, updated_by } = Attributes as Topic;
    return { code: c, name, created_at, created_by, updated_at, updated_by };
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException")
      throw new NotFoundError("No topic has that code");
    throw error;
  }
}

/** Deletes a topic and takes it off every petition it was on; the number of petitions changed. */
export async function deleteTopic(code: string, staff: Staff, now: Date): Promise<number> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName(), Key: topicKey(code) }));
  if (!Item) throw new NotFoundError("No topic has that code");
  await db.send(new DeleteCommand({ TableName: tableName(), Key: topicKey(code) }));
  const tags = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": `TOPICTAG#${code}` },
  });
  for (const tag of tags) {
    const id = Number(tag.id);
    await amend(id, petitionStates, now, (current) => ({
      set: {
        topics: (current.topics ?? []).filter((t) => t !== code),
        moderation_log: [
          ...current.moderation_log,
          { action: "topic_deleted", staff_id: staff.id, at: now.toISOString() },
        ],
      },
      extra: [{ Delete: { TableName: tableName(), Key: tagKey(code, id) } }],
    }));
  }
  logger.info("topic deleted", {
    code: LogCode.topicDeleted,
    topic: code,
    petitions: tags.length,
    staff_id: staff.id,
    at: now.toISOString(),
  });
  return tags.length;
}

/** Both lists, each replacing what the petition had (an empty list clears it). */
export const classificationSchema = z.object({
  topics: z
    .array(topicCodeSchema, { error: "Give the topics as a list of codes" })
    .check(z.maxLength(20, "Choose at most 20 topics")),
  departments: z
    .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), {
      error: "Give the departments as a list of keys",
    })
    .check(z.maxLength(20, "Choose at most 20 departments")),
});

/**
 * Sets a petition's topics and departments (any state, as e-petitions' admin allows), recording
 * who did it and when. Unknown topics or departments are a 422 naming the field.
 */
export async function setClassification(
  id: number,
  input: z.output<typeof classificationSchema>,
  staff: Staff,
  now: Date,
): Promise<PetitionRecord> {
  const topics = [...new Set(input.topics)].sort();
  const departments = [...new Set(input.departments)];
  const known = new Set((await listTopics()).map((t) => t.code));
  const unknownTopic = topics.find((code) => !known.has(code));
  if (unknownTopic) {
    throw new ValidationError([
      { field: "topics", code: "invalid", message: `No topic has the code ${unknownTopic}` },
    ]);
  }
  const unknownDepartment = departments.find((key) => !isDepartment(key));
  if (unknownDepartment) {
    throw new ValidationError([
      { field: "departments", code: "invalid", message: `No department is known as ${unknownDepartment}` },
    ]);
  }
  const table = tableName();
  return amend(id, petitionStates, now, (current) => {
    const before = new Set(current.topics ?? []);
    const added = topics.filter((code) => !before.has(code));
    const removed = [...before].filter((code) => !topics.includes(code));
    return {
      set: {
        topics,
        departments,
        moderation_log: [
          ...current.moderation_log,
          { action: "classification", staff_id: staff.id, at: now.toISOString() },
        ],
      },
      extra: [
        ...added.map((code) => ({
          Put: { TableName: table, Item: { ...tagKey(code, id), entity: "TOPICTAG", code, id } },
        })),
        ...removed.map((code) => ({ Delete: { TableName: table, Key: tagKey(code, id) } })),
      ],
    };
  });
}
