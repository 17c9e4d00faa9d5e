/**
 * Drain: waits until everything written so far has been through the stream's functions, and
 * everything they wrote in turn, until a round brings nothing new (tests and the seed wait on it).
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { StreamPoller } from "./streams.ts";

/** `poller` is read afresh at every step: a reset replaces the engine's poller. */
export async function drainStream(
  admin: DynamoDBClient,
  tableName: string,
  poller: () => StreamPoller,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const until = async (done: () => boolean) => {
    while (!done()) {
      if (Date.now() > deadline) throw new Error("The stream did not drain in time");
      await sleep(15);
    }
  };
  // A marker item is written; once the poller has read past it and every function is idle,
  // all earlier records are processed. Repeat until a round brings nothing new.
  for (;;) {
    const before = poller().delivered;
    const marker = `DRAIN#${randomUUID()}`;
    await admin.send(
      new PutItemCommand({ TableName: tableName, Item: { PK: { S: marker }, SK: { S: "DRAIN" } } }),
    );
    await until(() => poller().hasSeen(marker) && poller().idle);
    // A function that was busy may have written just before it went idle: every shard must
    // then be read to its end twice (the second read began after the reset) while all stay idle.
    poller().resetQuiet();
    await until(() => poller().shardsQuiet(2) || !poller().idle);
    await admin.send(
      new DeleteItemCommand({ TableName: tableName, Key: { PK: { S: marker }, SK: { S: "DRAIN" } } }),
    );
    if (poller().delivered === before && poller().idle) return;
  }
}
