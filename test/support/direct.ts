/**
 * Writing petitions straight into the local table, for tests that need many of them or states
 * another part of the service sets (responses, debates). It uses the service's own item code:
 * `petitionItem()` (every index attribute) and `tallyUpdate()` (the state tally, in the same
 * transaction), exactly as shared/petitions/store.ts writes them. The stream then indexes them
 * as it would any petition write.
 */
import { inject } from "vitest";
import type { PetitionRecord } from "../../shared/petitions/model.ts";
import "./in-process.ts";
import { petitionRecord as buildRecord } from "./petition-record.ts";

let nextId = 900_000_000 + Math.floor(Math.random() * 1_000_000);

export function petitionRecord(
  overrides: Partial<PetitionRecord> = {},
): PetitionRecord & { version: number } {
  nextId += 1;
  return buildRecord(nextId, overrides);
}

export async function writePetition(p: PetitionRecord & { version: number }): Promise<void> {
  const { TransactWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  const { db } = await import("../../shared/db/client.ts");
  const { petitionItem, tallyUpdate } = await import("../../shared/petitions/store.ts");
  const tally = tallyUpdate(null, p.state);
  await db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: inject("tableName"), Item: petitionItem(p) } },
        ...(tally ? [tally] : []),
      ],
    }),
  );
}
