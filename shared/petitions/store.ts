/**
 * Writing a petition item. Every write is a whole-item Put conditioned on the version it read
 * and on the states it may come from, so two staff acting at once cannot both win, and the
 * state tally moves in the same transaction.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/client.ts";
import { petitionKey } from "../db/keys.ts";
import { tableDefinition } from "../db/table.ts";
import {
  canTransition,
  nextState,
  type PetitionEvent,
  type PetitionState,
  sourcesOf,
} from "../domain/petition-state.ts";
import { NotFoundError, StateConflictError } from "../errors.ts";
import { type NewMessage, outboxPut } from "../mail/outbox.ts";
import { getPetition, indexAttributes, statsKey } from "./items.ts";
import type { PetitionRecord } from "./model.ts";
import { forgetPetition } from "./petition-cache.ts";

export type StoredPetition = PetitionRecord & { version: number };

const INDEX_KEYS = new Set(tableDefinition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]));

/**
 * The whole item for a petition: its record, with index attributes computed afresh. Any index
 * attribute the record was read with is dropped first, so a petition leaves an index when its
 * state no longer belongs there.
 */
export function petitionItem(p: StoredPetition) {
  const record = Object.fromEntries(
    Object.entries(p).filter(([key]) => !INDEX_KEYS.has(key) && key !== "PK" && key !== "SK"),
  );
  return { ...petitionKey(p.id), ...record, ...indexAttributes(p) };
}

export function tallyUpdate(from: PetitionState | null, to: PetitionState, table = tableName()) {
  const names: Record<string, string> = { "#to": to };
  const values: Record<string, number> = { ":plus": 1 };
  let expression = "ADD #to :plus";
  if (from && from !== to) {
    names["#from"] = from;
    values[":minus"] = -1;
    expression += ", #from :minus";
  }
  if (from === to) return null;
  return {
    Update: {
      TableName: table,
      Key: statsKey,
      UpdateExpression: expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The Put that replaces `previous` with `next`, only if nobody else wrote in between. */
export function guardedPut(
  next: StoredPetition,
  previous: StoredPetition,
  allowedFrom: readonly PetitionState[],
  table = tableName(),
) {
  const states = Object.fromEntries(allowedFrom.map((s, i) => [`:from${i}`, s]));
  return {
    Put: {
      TableName: table,
      Item: petitionItem(next),
      ConditionExpression: `version = :version AND #state IN (${Object.keys(states).join(", ")})`,
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":version": previous.version, ...states },
    },
  };
}

export interface Change {
  /** Fields to set on the petition; index attributes follow from them. */
  set?: Partial<PetitionRecord>;
  /** Messages owed by the change, written in the same transaction. */
  mail?: NewMessage[];
  /** Further writes that must land with the change. */
  extra?: Record<string, unknown>[];
}

interface Rule {
  /** Why the petition's current state refuses the change, or null when it may go ahead. */
  refusal(state: PetitionState): string | null;
  /** The state the change leads to. */
  to(state: PetitionState): PetitionState;
  /** The states the conditional write names. */
  from(state: PetitionState): readonly PetitionState[];
}

/**
 * Reads the petition, applies the change and writes it with its mail and extra writes in one
 * transaction, on condition that nobody wrote in between; re-reads after a lost race.
 */
async function write(id: number, rule: Rule, now: Date, change: ChangeOf): Promise<StoredPetition> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = (await getPetition(id, true)) as StoredPetition | null;
    if (!current) throw new NotFoundError("No petition has that id");
    const refusal = rule.refusal(current.state);
    if (refusal) throw new StateConflictError(refusal);
    const { set = {}, mail = [], extra = [] } = change(current);
    const next: StoredPetition = {
      ...current,
      ...set,
      state: rule.to(current.state),
      updated_at: now.toISOString(),
      version: current.version + 1,
    };
    const tally = tallyUpdate(current.state, next.state);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            guardedPut(next, current, rule.from(current.state)),
            ...(tally ? [tally] : []),
            ...mail.map((m) => outboxPut(m, now)),
            ...extra,
          ],
        }),
      );
      forgetPetition(id);
      return next;
    } catch (error) {
      const first =
        error instanceof TransactionCanceledException ? error.CancellationReasons?.[0] : undefined;
      if (first?.Code === "ConditionalCheckFailed" || first?.Code === "TransactionConflict") continue;
      throw error;
    }
  }
  throw new StateConflictError("This petition is changing too often to change now; try again");
}

type ChangeOf = (current: StoredPetition) => Change;

/** A state machine event's rule: only from its source states, on to its target. */
const eventRule = (event: PetitionEvent): Rule => ({
  refusal: (state) => (canTransition(state, event) ? null : `This petition is ${state}; it cannot ${event}`),
  to: (state) => nextState(state, event),
  from: () => sourcesOf(event),
});

/** The rule of a change that keeps the state: only while the petition is in one of `allowed`. */
const keepStateRule = (allowed: readonly PetitionState[]): Rule => ({
  refusal: (state) =>
    allowed.includes(state)
      ? null
      : `This petition is ${state}; only ${allowed.join(" or ")} petitions can change this way`,
  to: (state) => state,
  from: (state) => [state],
});

/**
 * Moves a petition through `event`, re-reading after a lost race. A petition no longer in a
 * state the event may start from is a 409.
 */
export const transition = (id: number, event: PetitionEvent, now: Date, change: ChangeOf) =>
  write(id, eventRule(event), now, change);

/**
 * Changes a petition without moving its state (a response, a debate), on condition that it is
 * in one of `allowed` and nobody wrote in between.
 */
export const amend = (id: number, allowed: readonly PetitionState[], now: Date, change: ChangeOf) =>
  write(id, keepStateRule(allowed), now, change);
