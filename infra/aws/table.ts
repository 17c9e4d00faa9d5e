/**
 * The service's one DynamoDB table, as shared/db/table.ts defines it: on demand with the stage's
 * maximum throughput, its stream, point-in-time recovery, TTL, Contributor Insights on the table
 * and its indexes, retained and protected from deletion; and the stage's customer-managed key for
 * it, its stream and its backups, where the stage asks for one.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { type IKey, Key } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import { tableDefinition } from "../../shared/db/table.ts";
import type { StageSettings } from "./stages.ts";

export function createTable(scope: Construct, stage: StageSettings, encryptionKey?: IKey): Table {
  const str = (name: string) => ({ name, type: AttributeType.STRING });
  // Hot keys are the capacity model's first risk: Contributor Insights names them.
  const contributorInsightsSpecification = { enabled: true };
  const table = new Table(scope, "Table", {
    partitionKey: str(tableDefinition.partitionKey),
    sortKey: str(tableDefinition.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    stream: StreamViewType[tableDefinition.stream],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: tableDefinition.ttlAttribute,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    // A cost guard: on-demand throughput never scales past the stage's maximum.
    maxReadRequestUnits: stage.quotas.tableMaxReadRequestUnits,
    maxWriteRequestUnits: stage.quotas.tableMaxWriteRequestUnits,
    contributorInsightsSpecification,
    ...(encryptionKey ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: encryptionKey } : {}),
  });
  for (const index of tableDefinition.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: str(index.partitionKey),
      sortKey: str(index.sortKey),
      projectionType: ProjectionType[index.projection.type],
      ...(index.projection.type === "INCLUDE" ? { nonKeyAttributes: [...index.projection.attributes] } : {}),
      contributorInsightsSpecification,
    });
  }
  return table;
}

/** The stage's customer-managed key: the table, its stream and its backups. */
export function createDataKey(scope: Construct): Key {
  return new Key(scope, "DataKey", {
    description: "Petitions table, its stream and its backups",
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
