/**
 * The SDK-only probe of the `bundles` group: for each function, a bundle that imports and
 * constructs only the AWS SDK clients that the function's own bundle holds (found in its esbuild
 * metafile), built with the same options and imported the same way. A function's cold import
 * over its probe's is what the function adds to the least it could cost; functions with the
 * same clients share one probe.
 */

import { packageOfCopy } from "../../infra/aws/shakable-clients.ts";

interface SdkClient {
  /** The package, as it appears under node_modules in a metafile's inputs. */
  pkg: string;
  /** Module-scope code that imports and constructs it, as a function does at init. */
  code: string;
  /** The variable the code defines. */
  variable: string;
}

/** Every SDK client package a function may hold, in the order their code must run. */
const CLIENTS: readonly SdkClient[] = [
  {
    pkg: "@aws-sdk/client-dynamodb",
    variable: "dynamodb",
    code: 'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nconst dynamodb = new DynamoDBClient({});',
  },
  {
    pkg: "@aws-sdk/lib-dynamodb",
    variable: "document",
    code: 'import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";\nconst document = DynamoDBDocumentClient.from(dynamodb);',
  },
  {
    pkg: "@aws-sdk/client-dynamodb-streams",
    variable: "streams",
    code: 'import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";\nconst streams = new DynamoDBStreamsClient({});',
  },
  {
    pkg: "@aws-sdk/client-sesv2",
    variable: "ses",
    code: 'import { SESv2Client } from "@aws-sdk/client-sesv2";\nconst ses = new SESv2Client({});',
  },
  {
    pkg: "@aws-sdk/client-secrets-manager",
    variable: "secrets",
    code: 'import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";\nconst secrets = new SecretsManagerClient({});',
  },
];

/** The SDK package of a metafile input: one under node_modules, or a shakable client's copy. */
const packageOf = (input: string) =>
  packageOfCopy(input) ?? input.match(/node_modules\/(@aws-sdk\/(?:client|lib)-[^/]+)\//)?.[1];

/** The SDK client packages among a bundle's inputs (metafile paths); an unknown one is an error. */
export function sdkClientsIn(inputs: readonly string[]): string[] {
  const found = new Set(inputs.map(packageOf).filter((pkg): pkg is string => pkg !== undefined));
  const unknown = [...found].filter((pkg) => !CLIENTS.some((client) => client.pkg === pkg));
  if (unknown.length > 0) throw new Error(`the SDK probe knows no ${unknown.join(", ")}: add it to CLIENTS`);
  // The document client wraps a DynamoDB client.
  if (found.has("@aws-sdk/lib-dynamodb")) found.add("@aws-sdk/client-dynamodb");
  return CLIENTS.filter((client) => found.has(client.pkg)).map((client) => client.pkg);
}

/** A short name for a set of clients: `dynamodb+secrets`, or `none`. */
export function probeName(pkgs: readonly string[]): string {
  const names = CLIENTS.filter((client) => pkgs.includes(client.pkg)).map((client) => client.variable);
  return names.length > 0 ? names.join("+") : "none";
}

/** The probe's source: the clients constructed at module scope, and a handler that keeps them. */
export function probeSource(pkgs: readonly string[]): string {
  const clients = CLIENTS.filter((client) => pkgs.includes(client.pkg));
  return [
    ...clients.map((client) => client.code),
    `export const handler = async () => [${clients.map((client) => client.variable).join(", ")}].length;`,
    "",
  ].join("\n");
}
