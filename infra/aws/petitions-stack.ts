/**
 * The petitions service on AWS, built entirely from the topology: every entry becomes a Lambda
 * function with its routes, stream trigger or schedule, table grant and mail permission. Nothing
 * here names a function.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { AttributeType, BillingMode, type CfnTable, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { type CfnFunction, FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { tableDefinition } from "../../shared/db/table.ts";
import { topology as defaultTopology } from "../topology.ts";
import type { FunctionSpec } from "../topology-types.ts";
import { Cdn, DEFAULT_ORIGIN_SHIELD_REGION } from "./cdn.ts";
import type { DeploymentConfig } from "./config.ts";
import { createTopologyFunction, type SettingValues } from "./functions.ts";
import { PetitionsHttpApi } from "./http-api.ts";
import { StaffAuth } from "./staff-auth.ts";

export const DEFAULT_STREAM_RETRY_ATTEMPTS = 5;
/** Parked in the DLQ well before the stream's 24-hour retention would trim the record. */
export const STREAM_MAX_RECORD_AGE = Duration.hours(12);
export const SCHEDULE_RETRY_ATTEMPTS = 3;

export interface PetitionsStackProps extends StackProps {
  config: DeploymentConfig;
  /** The functions to deploy; the project's topology unless a test passes another. */
  topology?: readonly FunctionSpec[];
  /** The edge firewall (WafStack's web ACL, us-east-1) to attach to the distribution. */
  webAclArn?: string;
}

export class PetitionsStack extends Stack {
  readonly table: Table;
  readonly functions = new Map<string, NodejsFunction>();
  readonly deadLetterQueue: Queue;
  readonly httpApi: PetitionsHttpApi;
  readonly staffAuth: StaffAuth;
  readonly cdn: Cdn;
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: PetitionsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const specs = props.topology ?? defaultTopology;

    this.table = this.createTable();
    this.deadLetterQueue = this.createDeadLetterQueue();

    this.httpApi = new PetitionsHttpApi(this, "Http");
    this.cdn = new Cdn(this, "Cdn", {
      apiEndpoint: this.httpApi.url,
      ...(config.publicUrl && config.certificateArn
        ? {
            customDomain: {
              domainName: new URL(config.publicUrl).hostname,
              certificateArn: config.certificateArn,
            },
          }
        : {}),
      originShieldRegion:
        config.originShieldRegion ??
        (Token.isUnresolved(this.region) ? DEFAULT_ORIGIN_SHIELD_REGION : this.region),
      ...(props.webAclArn ? { webAclArn: props.webAclArn } : {}),
    });
    this.publicUrl = config.publicUrl ?? this.cdn.url;
    this.staffAuth = new StaffAuth(this, "StaffAuth", {
      publicUrl: this.publicUrl,
      domainPrefix: config.authDomainPrefix,
    });
    this.httpApi.useStaffTokens(this.staffAuth.issuer, [this.staffAuth.client.userPoolClientId]);

    const settingValues: SettingValues = {
      ...config.settingOverrides,
      TABLE_NAME: this.table.tableName,
      PUBLIC_URL: this.publicUrl,
      SENDER_EMAIL: config.senderEmail,
      REPORT_EMAIL: config.reportEmail,
      STAFF_JWT_ISSUER: this.staffAuth.issuer,
      STAFF_JWT_AUDIENCE: this.staffAuth.client.userPoolClientId,
      // The staff pages send browsers to Cognito's hosted sign-in (authorization code + PKCE).
      STAFF_SIGN_IN_URL: this.staffAuth.domain.baseUrl(),
    };

    let senderIdentity: EmailIdentity | undefined;
    const names = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) throw new Error(`Topology declares ${spec.name} twice`);
      names.add(spec.name);

      // Every function with routes checks the origin secret CloudFront adds (shared/edge.ts).
      const routed = (spec.routes?.length ?? 0) > 0;
      const fn = createTopologyFunction(this, {
        spec: routed
          ? { ...spec, settings: [...new Set([...spec.settings, "ORIGIN_SECRET_ARN" as const])] }
          : spec,
        settingValues: { ...settingValues, ORIGIN_SECRET_ARN: this.cdn.originSecret.secretArn },
        dataDir: config.dataDir,
      });
      this.functions.set(spec.name, fn);
      if (routed) this.cdn.originSecret.grantRead(fn);

      if (spec.table === "read-write") this.table.grantReadWriteData(fn);
      else this.table.grantReadData(fn);

      this.httpApi.addFunctionRoutes(spec, fn);

      if (spec.stream) {
        fn.addEventSource(
          new DynamoEventSource(this.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: spec.stream.batchSize,
            ...(spec.stream.batchingWindowSeconds !== undefined
              ? { maxBatchingWindow: Duration.seconds(spec.stream.batchingWindowSeconds) }
              : {}),
            reportBatchItemFailures: true,
            bisectBatchOnError: true,
            retryAttempts: spec.stream.retryAttempts ?? DEFAULT_STREAM_RETRY_ATTEMPTS,
            maxRecordAge: STREAM_MAX_RECORD_AGE,
            onFailure: new SqsDlq(this.deadLetterQueue),
            // The topology's patterns already have Lambda's filter-pattern shape; FilterCriteria.filter
            // serialises them as they are (Pattern = JSON.stringify(pattern)).
            filters: spec.stream.filters.map((pattern) => FilterCriteria.filter(pattern)),
          }),
        );
      }

      if (spec.schedule) {
        const minutes = spec.schedule.everyMinutes;
        new Schedule(this, `${spec.name}Schedule`, {
          description: `${spec.name}: ${spec.description}`.slice(0, 512),
          schedule: ScheduleExpression.rate(Duration.minutes(minutes)),
          target: new LambdaInvoke(fn, {
            retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
            // A run that could not start before the next one is due is dropped (to the DLQ).
            maxEventAge: Duration.minutes(Math.min(Math.max(minutes, 1), 24 * 60)),
            deadLetterQueue: this.deadLetterQueue,
          }),
        });
      }

      if (spec.mail) {
        senderIdentity ??= new EmailIdentity(this, "SenderIdentity", {
          identity: Identity.email(config.senderEmail),
        });
        senderIdentity.grantSendEmail(fn);
      }
    }

    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url, description: "HTTP API invoke URL" });
    new CfnOutput(this, "PublicUrl", { value: this.publicUrl, description: "The service's public URL" });
    new CfnOutput(this, "UserPoolId", { value: this.staffAuth.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.staffAuth.client.userPoolClientId });
    new CfnOutput(this, "StaffSignInDomain", { value: this.staffAuth.domain.baseUrl() });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.deadLetterQueue.queueUrl });

    this.acknowledgeNagFindings(specs);
  }

  private createTable(): Table {
    const str = (name: string) => ({ name, type: AttributeType.STRING });
    const table = new Table(this, "Table", {
      partitionKey: str(tableDefinition.partitionKey),
      sortKey: str(tableDefinition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType[tableDefinition.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const index of tableDefinition.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
      });
    }
    return table;
  }

  private createDeadLetterQueue(): Queue {
    const queue = new Queue(this, "DeadLetterQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    new Alarm(this, "DeadLetterAlarm", {
      alarmDescription:
        "Stream records or scheduled runs were parked in the dead-letter queue: investigate and redrive",
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return queue;
  }

  /** cdk-nag AwsSolutions findings that are accepted by design, each with its reason. */
  private acknowledgeNagFindings(specs: readonly FunctionSpec[]): void {
    const tableLogicalId = this.getLogicalId(this.table.node.defaultChild as CfnTable);
    Validations.of(this).acknowledge(
      {
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason:
          "The AWS managed basic execution policy only allows writing the function's own CloudWatch logs.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason:
          "Table grants cover the table's own global secondary indexes (index/*); no other table is reachable.",
      },
    );
    for (const spec of specs) {
      const fn = this.functions.get(spec.name);
      if (fn === undefined) continue;
      if (spec.stream) {
        Validations.of(fn).acknowledge({
          id: "AwsSolutions-IAM5[Resource::*]",
          reason:
            "dynamodb:ListStreams (granted by the stream event source) has no resource-level permissions; every other action is scoped to the table, its indexes and its stream.",
        });
      }
      if (spec.schedule) {
        Validations.of(this).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: `EventBridge Scheduler's role may invoke the versions and aliases of its one target function, ${spec.name}.`,
        });
      }
    }
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: "This queue is itself the dead-letter destination of the stream event sources and schedules.",
    });
    Validations.of(this.cdn).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason: "A public petitions service must be reachable worldwide (overseas signers are allowed).",
      },
      {
        id: "AwsSolutions-CFR3",
        reason:
          "CloudFront access logs would hold viewer IP addresses (personal data); requests are logged without them at the API stage.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason:
          "The default *.cloudfront.net certificate cannot set a minimum TLS version; with a custom domain (certificateArn) TLSv1.2_2021 is enforced.",
      },
    );
  }
}
