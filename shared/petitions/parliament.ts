/**
 * Parliaments (e-petitions' Parliament, §1.6): the current one, with the dissolution a sysadmin
 * sets, and the dissolved ones, each with the thresholds it ran under.
 *
 * Access patterns:
 * - the current parliament:        Query PARLIAMENT, newest first, Limit 1 (none stored: the first,
 *                                  with nothing set)
 * - every parliament:              Query PARLIAMENT (one small item per parliament: a handful)
 * - set the dissolution:           Put, on condition of the version read
 * - record the dissolution's run:  Update, on condition it was not recorded before
 */
import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { writeIf } from "../db/conditional.ts";
import { pad } from "../db/keys.ts";
import { queryAll } from "../db/query.ts";
import type { Staff } from "../domain/staff.ts";
import { StateConflictError, ValidationError } from "../errors.ts";
import type { DissolutionInput } from "./dissolution-input.ts";

const PARTITION = "PARLIAMENT";
const parliamentKey = (n: number) => ({ PK: PARTITION, SK: `PARLIAMENT#${pad(n, 4)}` });

export interface Parliament extends Partial<Omit<DissolutionInput, "dissolution_at" | "opening_at">> {
  number: number;
  opening_at: string | null;
  dissolution_at: string | null;
  /** When the dissolution run finished: its open petitions closed, its undecided ones stopped. */
  dissolved_at?: string;
  /** The announcement to signers: asked for (by whom), every person gathered, every email written. */
  announcement_requested_at?: string;
  announcement_requested_by?: string;
  announcement_gathered_at?: string;
  announcement_sent_at?: string;
  response_threshold?: number;
  debate_threshold?: number;
  /** Its petitions' id block: the first id (absent for the first parliament) and, once dissolved, the last given. */
  first_petition_id?: number;
  last_petition_id?: number;
  version: number;
  /** Who changed it and when, oldest first. */
  changes: { staff_id: string; at: string }[];
}

const changedMeanwhile = () => new StateConflictError("The parliament changed meanwhile; read it again");

const fresh = (number: number, openingAt: string | null): Parliament => ({
  number,
  opening_at: openingAt,
  dissolution_at: null,
  version: 0,
  changes: [],
});

const strip = ({ PK: _pk, SK: _sk, entity: _e, ...rest }: Record<string, unknown>) =>
  rest as unknown as Parliament;

/** The parliament now sitting (or dissolving): the newest stored, or the first. */
export async function currentParliament(consistent = false): Promise<Parliament> {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": PARTITION },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: consistent,
    }),
  );
  const [item] = Items;
  return item ? strip(item) : fresh(1, null);
}

/** Every parliament, oldest first. */
export async function allParliaments(): Promise<Parliament[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: "PK = :pk",
    ExpressionAttributeValues: { ":pk": PARTITION },
  });
  return items.map(strip);
}

/**
 * Sets the current parliament's dissolution, recording who and when. Once its dissolution has
 * run it cannot change (409); two sysadmins saving at once: the second is a 409 too.
 */
export async function setDissolution(input: DissolutionInput, staff: Staff, now: Date): Promise<Parliament> {
  const current = await currentParliament(true);
  if (current.dissolved_at)
    throw new StateConflictError("This parliament has dissolved; its dissolution is fixed");
  const at = now.toISOString();
  const {
    first_petition_id,
    announcement_requested_at,
    announcement_requested_by,
    announcement_gathered_at,
    announcement_sent_at,
  } = current;
  const next: Parliament = {
    number: current.number,
    opening_at: current.opening_at,
    ...input,
    ...(first_petition_id === undefined ? {} : { first_petition_id }),
    ...definedOnly({
      announcement_requested_at,
      announcement_requested_by,
      announcement_gathered_at,
      announcement_sent_at,
    }),
    version: current.version + 1,
    changes: [...current.changes, { staff_id: staff.id, at }],
  };
  const saved = await writeIf(() =>
    db.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...parliamentKey(current.number), entity: "PARLIAMENT", ...next },
        ConditionExpression:
          "attribute_not_exists(PK) OR (version = :version AND attribute_not_exists(dissolved_at))",
        ExpressionAttributeValues: { ":version": current.version },
      }),
    ),
  );
  if (!saved) throw changedMeanwhile();
  return next;
}

const definedOnly = (o: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** What e-petitions asks before the announcement goes (Parliament's `send_emails` validation). */
const announcementNeeds = [
  ["dissolution_at", "Set the dissolution time first"],
  ["dissolution_faq_url", "Set the address of the page about dissolution first"],
  ["show_dissolution_notification", "Show the dissolution notice on the site first"],
  ["registration_closed_at", "Set when voter registration closes first"],
  ["election_date", "Set the election date first"],
] as const;

/**
 * Asks for the announcement to every subscribed signer of an open petition (the closing schedule
 * sends it, one email per person), recording who asked and when. Once only (409).
 */
export async function requestAnnouncement(staff: Staff, now: Date): Promise<Parliament> {
  const current = await currentParliament(true);
  const missing = announcementNeeds.filter(([field]) => !current[field]);
  if (missing.length > 0)
    throw new ValidationError(missing.map(([field, message]) => ({ field, code: "required", message })));
  if (current.dissolved_at || current.announcement_requested_at)
    throw new StateConflictError("The announcement has been sent, or the parliament has dissolved");
  const at = now.toISOString();
  const saved = await writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: parliamentKey(current.number),
        UpdateExpression:
          "SET announcement_requested_at = :at, announcement_requested_by = :by, changes = list_append(changes, :change), version = version + :one",
        ConditionExpression: "version = :version",
        ExpressionAttributeValues: {
          ":at": at,
          ":by": staff.id,
          ":change": [{ staff_id: staff.id, at }],
          ":one": 1,
          ":version": current.version,
        },
      }),
    ),
  );
  if (!saved) throw changedMeanwhile();
  return { ...current, announcement_requested_at: at, announcement_requested_by: staff.id };
}

/** Records a step of the announcement on the parliament, once. */
export async function recordAnnouncement(
  number: number,
  step: "announcement_gathered_at" | "announcement_sent_at",
  now: Date,
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: parliamentKey(number),
      UpdateExpression: "SET #step = if_not_exists(#step, :at)",
      ExpressionAttributeNames: { "#step": step },
      ExpressionAttributeValues: { ":at": now.toISOString() },
    }),
  );
}

/**
 * Records that the dissolution has run (its thresholds kept for the archive) and opens the next
 * parliament, in one write each; a second run records nothing and says so.
 */
export async function recordDissolved(
  parliament: Parliament,
  thresholds: { response: number; debate: number },
  ids: { last: number; first: number },
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const recorded = await writeIf(() =>
    db.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: parliamentKey(parliament.number),
        UpdateExpression:
          "SET dissolved_at = :at, response_threshold = :r, debate_threshold = :d, last_petition_id = :last",
        ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(dissolved_at)",
        ExpressionAttributeValues: {
          ":at": at,
          ":r": thresholds.response,
          ":d": thresholds.debate,
          ":last": ids.last,
        },
      }),
    ),
  );
  if (!recorded) return false;
  // It opens for new petitions when a sysadmin sets its opening_at (after the election).
  const next = { ...fresh(parliament.number + 1, null), first_petition_id: ids.first };
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...parliamentKey(next.number), entity: "PARLIAMENT", ...next },
      ConditionExpression: "attribute_not_exists(PK)",
    }),
  );
  return true;
}

/** e-petitions' Parliament#period: the years it sat, "2019-2024". */
export const periodOf = (p: Pick<Parliament, "opening_at" | "dissolution_at">): string | null =>
  p.opening_at && p.dissolution_at ? `${p.opening_at.slice(0, 4)}-${p.dissolution_at.slice(0, 4)}` : null;

/** e-petitions' parliaments/index.json: the dissolved parliaments. */
export const presentParliaments = (parliaments: Parliament[]) =>
  parliaments
    .filter((p) => p.dissolved_at)
    .map((p) => ({
      period: periodOf(p),
      dissolution_at: p.dissolution_at,
      government: p.government ?? null,
      response_threshold: p.response_threshold ?? null,
      debate_threshold: p.debate_threshold ?? null,
    }));

/** What the sysadmins' route answers: the parliament, without its version. */
export const presentParliament = ({ version: _v, ...rest }: Parliament) => ({
  ...rest,
  period: periodOf(rest),
});
