/**
 * The moderators' tags (e-petitions' Tag): a list sysadmins keep, from which moderators tag
 * petitions. Staff only; never shown to the public.
 *
 * Access patterns:
 * - the list:          GetItem TAGS / LIST (one small item)
 * - replace the list:  Put TAGS / LIST, recording who and when
 * Removing a tag from the list leaves it on the petitions that have it, as e-petitions does
 * until they are edited.
 */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { oneLineString } from "../domain/one-line.ts";
import type { Staff } from "../domain/staff.ts";
import { ValidationError } from "../errors.ts";
import * as z from "../zod.ts";

export const MAX_TAGS = 200;
export const MAX_TAGS_PER_PETITION = 20;

const tagsKey = { PK: "TAGS", SK: "LIST" } as const;

/** One tag: a short name, compared without regard to case. */
export const tagSchema = oneLineString("tag").check(
  z.trim(),
  z.minLength(1, "A tag cannot be empty"),
  z.maxLength(50, "A tag must be 50 characters or fewer"),
);

/** Distinct tags, the first spelling kept, in the order given. Pure. */
export function distinctTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const tagListSchema = z.object({
  tags: z.pipe(
    z
      .array(tagSchema, { error: "Give the tags as a list of names" })
      .check(z.maxLength(MAX_TAGS, `Keep at most ${MAX_TAGS} tags`)),
    z.transform((tags: string[]) => distinctTags(tags)),
  ),
});

export interface TagList {
  tags: string[];
  updated_at: string | null;
  updated_by: string | null;
}

export async function getTagList(): Promise<TagList> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: tagsKey, ConsistentRead: true }),
  );
  return {
    tags: (Item?.tags as string[] | undefined) ?? [],
    updated_at: (Item?.updated_at as string | undefined) ?? null,
    updated_by: (Item?.updated_by as string | undefined) ?? null,
  };
}

export async function setTagList(tags: readonly string[], staff: Staff, now: Date): Promise<TagList> {
  const list = { tags: [...tags], updated_at: now.toISOString(), updated_by: staff.id };
  await db.send(new PutCommand({ TableName: tableName(), Item: { ...tagsKey, entity: "TAGS", ...list } }));
  return list;
}

/**
 * The petition's tags in the list's spelling; a tag not on the list is a 422 naming `tags`.
 * Pure given the list.
 */
export function knownTags(wanted: readonly string[], list: readonly string[]): string[] {
  const byKey = new Map(list.map((tag) => [tag.toLowerCase(), tag]));
  const unknown = wanted.filter((tag) => !byKey.has(tag.toLowerCase()));
  if (unknown.length > 0) {
    throw new ValidationError([
      {
        field: "tags",
        code: "unknown_tag",
        message: `Not on the tag list: ${unknown.slice(0, 5).join(", ")}. A sysadmin adds tags to the list`,
      },
    ]);
  }
  return distinctTags(wanted.map((tag) => byKey.get(tag.toLowerCase()) ?? tag));
}
