/**
 * Daily AWS Backup of the table into the stage's own vault, kept for the stage's retention; the
 * vault is retained when the stack is deleted. Point-in-time recovery (on the table) covers the
 * last 35 days to the second; these backups are the independent copy.
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from "aws-cdk-lib/aws-backup";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Schedule } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";

export interface TableBackupsProps {
  table: ITable;
  retentionDays: number;
  /** Encrypts the vault with the stage's customer-managed key; default AWS Backup's own key. */
  encryptionKey?: IKey;
}

export class TableBackups extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupsProps) {
    super(scope, id);
    this.vault = new BackupVault(this, "Vault", {
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
    });
    this.plan = new BackupPlan(this, "Plan", {
      // Names of backup plans are the account's: the stack name keeps stages in one account apart.
      backupPlanName: `${Stack.of(this).stackName}-daily`,
      backupVault: this.vault,
      backupPlanRules: [
        new BackupPlanRule({
          ruleName: "Daily",
          // 03:00 UTC: after the nightly jobs, before the day's traffic.
          scheduleExpression: Schedule.cron({ minute: "0", hour: "3" }),
          deleteAfter: Duration.days(props.retentionDays),
        }),
      ],
    });
    this.plan.addSelection("Table", { resources: [BackupResource.fromDynamoDbTable(props.table)] });
  }
}
