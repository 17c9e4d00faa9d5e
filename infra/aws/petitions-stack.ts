/**
 * The petitions service on AWS, built entirely from the topology: every entry becomes a Lambda
 * function with its routes, stream trigger or schedule, table grant and mail permission. Nothing
 * here names a function.
 */

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from "aws-cdk-lib";
import type { Alarm } from "aws-cdk-lib/aws-cloudwatch";
import {
  AttributeType,
  BillingMode,
  type CfnTable,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Key } from "aws-cdk-lib/aws-kms";
import { type CfnFunction, FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Topic } from "aws-cdk-lib/aws-sns";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { tableDefinition } from "../../shared/db/table.ts";
import { topology as defaultTopology } from "../../shared/topology.ts";
import { type FunctionSpec, functionDefaults, type QueueName } from "../../shared/topology-types.ts";
import { TableBackups } from "./backups.ts";
import { CostBudget } from "./budget.ts";
import { CanaryRelease } from "./canary.ts";
import { Cdn, DEFAULT_ORIGIN_SHIELD_REGION } from "./cdn.ts";
import type { DeploymentConfig } from "./config.ts";
import { createTopologyFunction, type SettingValues } from "./functions.ts";
import { PetitionsHttpApi } from "./http-api.ts";
import { reservedConcurrency } from "./isolation.ts";
import { Mail } from "./mail.ts";
import { alarmTopic, Monitoring } from "./monitoring.ts";
import { StaffAuth } from "./staff-auth.ts";
import type { StageSettings } from "./stages.ts";

/** Parked in the DLQ well before the stream's 24-hour retention would trim the record. */
export const STREAM_MAX_RECORD_AGE = Duration.hours(12);
export const SCHEDULE_RETRY_ATTEMPTS = 3;
/** EventBridge retries a failed delivery to a function this often before the dead-letter queue. */
export const EVENT_RETRY_ATTEMPTS = 8;
/** Lambda's own retries of a scheduled run that failed, before its on-failure destination. */
export const SCHEDULED_ASYNC_RETRY_ATTEMPTS = 2;
/** A scheduled run's event older than this goes to the on-failure destination instead of running. */
export const SCHEDULED_MAX_EVENT_AGE = Duration.hours(1);
/** SQS's advice for a queue that triggers a function: visibility six times the function's timeout. */
const VISIBILITY_PER_TIMEOUT = 6;

/**
 * The failure paths' own alarm (the others, counter batches that failed and count drift, are in
 * Monitoring with every alarm read from the metric registry).
 */
export interface FailureAlarms {
  /** A scheduled function's run failed after Lambda's retries (its on-failure queue holds it). */
  scheduledRunFailed: Alarm;
}

export interface PetitionsStackProps extends StackProps {
  config: DeploymentConfig;
  /** The functions to deploy; the project's topology unless a test passes another. */
  topology?: readonly FunctionSpec[];
  /** Where the alarm runbooks are read (a repository URL); descriptions name a relative path when absent. */
  runbookBaseUrl?: string;
  /** The edge firewall (WafStack's web ACL, us-east-1) to attach to the distribution. */
  webAclArn?: string;
}

export class PetitionsStack extends Stack {
  readonly table: Table;
  readonly functions = new Map<string, NodejsFunction>();
  readonly deadLetterQueue: Queue;
  /** Where each scheduled function's failed runs go (Lambda's asynchronous on-failure destination). */
  readonly scheduledFailureQueue: Queue;
  /** The topology's named queues (an on-failure path and the function it triggers). */
  readonly queues = new Map<QueueName, Queue>();
  readonly failureAlarms: FailureAlarms;
  readonly httpApi: PetitionsHttpApi;
  readonly staffAuth: StaffAuth;
  readonly cdn: Cdn;
  readonly mail: Mail;
  readonly publicUrl: string;
  /** The key of the hashes that stand for email and IP addresses (shared/hash-key.ts). */
  readonly hashKey: Secret;
  /** The stage's alarm topic, alarms and dashboard. */
  readonly monitoring: Monitoring;
  /** Every alarm of the stage notifies this topic (alarm and OK); the stage's alarm emails subscribe. */
  readonly alarmTopic: Topic;
  /** The stage's customer-managed key (table and backups), when the stage asks for one. */
  readonly encryptionKey?: Key;
  readonly backups: TableBackups;
  readonly budget: CostBudget;
  /** Canary releases of the entries flagged `canary`, by entry name. */
  readonly canaries = new Map<string, CanaryRelease>();

  constructor(scope: Construct, id: string, props: PetitionsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const specs = props.topology ?? defaultTopology;
    const { stage } = config;

    if (stage.customerManagedKey) {
      this.encryptionKey = new Key(this, "DataKey", {
        description: "Petitions table, its stream and its backups",
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.deadLetterQueue = this.createDeadLetterQueue();
    // Generated at deploy and never in the template; kept if the stack goes, as the table is: the
    // table's signature keys cannot be matched again without it.
    this.hashKey = new Secret(this, "HashKey", {
      description: "Key of the HMACs that stand for email and IP addresses in keys, counters and logs",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alarmTopic = alarmTopic(this, stage.alarmEmails, this.deadLetterQueue);
    this.table = this.createTable(stage);
    this.backups = new TableBackups(this, "Backups", {
      table: this.table,
      retentionDays: stage.backupRetentionDays,
      ...(this.encryptionKey ? { encryptionKey: this.encryptionKey } : {}),
    });
    this.budget = new CostBudget(this, "CostBudget", {
      topic: this.alarmTopic,
      monthlyUsd: stage.monthlyBudgetUsd,
    });
    const caps = reservedConcurrency(specs, stage);
    this.scheduledFailureQueue = this.createScheduledFailureQueue();
    for (const spec of specs) {
      const name = spec.queue?.name ?? spec.stream?.onFailure;
      if (name && !this.queues.has(name)) this.queues.set(name, this.createTopologyQueue(name, specs));
    }

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
      stage: stage.name,
      domainPrefix: config.authDomainPrefix,
    });
    this.httpApi.useStaffTokens(this.staffAuth.issuer, [this.staffAuth.client.userPoolClientId]);

    this.mail = new Mail(this, "Mail", {
      senderEmail: config.senderEmail,
      ...(config.mailDomain ? { domain: config.mailDomain } : {}),
      ...(config.hostedZone ? { hostedZone: config.hostedZone } : {}),
    });

    const settingValues: SettingValues = {
      ...config.settingOverrides,
      TABLE_NAME: this.table.tableName,
      PUBLIC_URL: this.publicUrl,
      SENDER_EMAIL: config.senderEmail,
      REPORT_EMAIL: config.reportEmail,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      STAFF_JWT_ISSUER: this.staffAuth.issuer,
      STAFF_JWT_AUDIENCE: this.staffAuth.client.userPoolClientId,
      // The staff pages send browsers to Cognito's hosted sign-in (authorization code + PKCE).
      STAFF_SIGN_IN_URL: this.staffAuth.domain.baseUrl(),
      HASH_KEY_ARN: this.hashKey.secretArn,
      ORIGIN_SECRET_ARN: this.cdn.originSecret.secretArn,
    };

    const names = new Set<string>();
    for (const spec of specs) {
      if (names.has(spec.name)) throw new Error(`Topology declares ${spec.name} twice`);
      names.add(spec.name);

      const cap = caps.get(spec.name);
      const fn = createTopologyFunction(this, {
        spec,
        settingValues,
        dataDir: config.dataDir,
        ...(cap !== undefined ? { reservedConcurrentExecutions: cap } : {}),
      });
      this.functions.set(spec.name, fn);
      if (spec.settings.includes("ORIGIN_SECRET_ARN")) this.cdn.originSecret.grantRead(fn);

      if (spec.settings.includes("HASH_KEY_ARN")) this.hashKey.grantRead(fn);
      if (spec.table === "read-write") this.table.grantReadWriteData(fn);
      else this.table.grantReadData(fn);

      // A canary entry is reached only through its alias, so CodeDeploy decides which version runs.
      let target: IFunction = fn;
      if (spec.canary) {
        const canary = new CanaryRelease(this, `${spec.name}Release`, {
          fn,
          deployment: stage.deployment,
          alarmTopic: this.alarmTopic,
        });
        this.canaries.set(spec.name, canary);
        target = canary.alias;
      }

      this.httpApi.addFunctionRoutes(
        spec,
        target,
        spec.signing ? stage.routeThrottles.signing : stage.routeThrottles.writes,
      );

      if (spec.stream) {
        target.addEventSource(
          new DynamoEventSource(this.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: spec.stream.batchSize,
            ...(spec.stream.batchingWindowSeconds !== undefined
              ? { maxBatchingWindow: Duration.seconds(spec.stream.batchingWindowSeconds) }
              : {}),
            reportBatchItemFailures: true,
            bisectBatchOnError: true,
            retryAttempts: spec.stream.retryAttempts ?? functionDefaults.streamRetryAttempts,
            maxRecordAge: STREAM_MAX_RECORD_AGE,
            onFailure: new SqsDlq(this.queueNamed(spec.stream.onFailure) ?? this.deadLetterQueue),
            // The topology's patterns already have Lambda's filter-pattern shape; FilterCriteria.filter
            // serialises them as they are (Pattern = JSON.stringify(pattern)).
            filters: spec.stream.filters.map((pattern) => FilterCriteria.filter(pattern)),
          }),
        );
      }

      if (spec.queue) {
        fn.addEventSource(
          new SqsEventSource(this.queueNamed(spec.queue.name) as Queue, {
            batchSize: spec.queue.batchSize,
            reportBatchItemFailures: true,
          }),
        );
      }

      if (spec.readsStream) this.table.grantStreamRead(fn);

      if (spec.schedule || spec.events) {
        // Invoked asynchronously (by EventBridge Scheduler or an EventBridge rule): a run that
        // fails after Lambda's own retries is kept, with its error, for an operator.
        fn.configureAsyncInvoke({
          onFailure: new SqsDestination(this.scheduledFailureQueue),
          retryAttempts: SCHEDULED_ASYNC_RETRY_ATTEMPTS,
          maxEventAge: SCHEDULED_MAX_EVENT_AGE,
        });
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

      if (spec.events) {
        new Rule(this, `${spec.name}Rule`, {
          description: `${spec.name}: ${spec.description}`.slice(0, 512),
          // The account's default bus: the one SES publishes configuration-set events to.
          eventPattern: { source: [...spec.events.source], detailType: [...spec.events.detailType] },
          targets: [
            new LambdaFunction(fn, {
              retryAttempts: EVENT_RETRY_ATTEMPTS,
              maxEventAge: Duration.hours(24),
              deadLetterQueue: this.deadLetterQueue,
            }),
          ],
        });
      }

      if (spec.mail) this.mail.grantSend(fn);
    }

    this.monitoring = new Monitoring(this, "Monitoring", {
      topic: this.alarmTopic,
      ...(props.runbookBaseUrl ? { runbookBaseUrl: props.runbookBaseUrl } : {}),
      specs,
      functions: this.functions,
      table: this.table,
      deadLetterQueue: this.deadLetterQueue,
      httpApi: this.httpApi,
      distributionId: this.cdn.distribution.distributionId,
    });
    this.failureAlarms = {
      scheduledRunFailed: this.monitoring.addAlarm("ScheduledRunFailed", {
        metric: this.scheduledFailureQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 1,
        runbook: "scheduled-run-failed",
        summary:
          "A scheduled function failed after Lambda's retries; its event is in the scheduled-failure queue.",
      }),
    };
    // A stream's failed batch sent to its on-failure queue: its consumer recovers at once, so the
    // queue is usually empty again before a depth alarm would see it; any message sent alarms.
    for (const spec of specs) {
      const name = spec.stream?.onFailure;
      const queue = name === undefined ? undefined : this.queues.get(name);
      if (!queue || !name) continue;
      this.monitoring.addAlarm(`${spec.name}FailedBatches`, {
        metric: queue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1,
        runbook: "counter-batch-failed",
        summary: `A ${spec.name} batch failed after its retries; it went to ${name}, whose consumer recovers it.`,
      });
    }

    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url, description: "HTTP API invoke URL" });
    new CfnOutput(this, "PublicUrl", { value: this.publicUrl, description: "The service's public URL" });
    new CfnOutput(this, "UserPoolId", { value: this.staffAuth.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.staffAuth.client.userPoolClientId });
    new CfnOutput(this, "StaffSignInDomain", { value: this.staffAuth.domain.baseUrl() });
    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "DeadLetterQueueUrl", { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, "DistributionId", {
      value: this.cdn.distribution.distributionId,
      description: "For the us-east-1 CloudFront alarm (-c distributionId=...)",
    });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarmTopic.topicArn });
    new CfnOutput(this, "BackupVaultName", { value: this.backups.vault.backupVaultName });

    this.acknowledgeNagFindings(specs);
  }

  private createTable(stage: StageSettings): Table {
    const str = (name: string) => ({ name, type: AttributeType.STRING });
    // Hot keys are the capacity model's first risk: Contributor Insights names them.
    const contributorInsightsSpecification = { enabled: true };
    const table = new Table(this, "Table", {
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
      ...(this.encryptionKey
        ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.encryptionKey }
        : {}),
    });
    for (const index of tableDefinition.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: str(index.partitionKey),
        sortKey: str(index.sortKey),
        contributorInsightsSpecification,
      });
    }
    return table;
  }

  private queueNamed(name: QueueName | undefined): Queue | undefined {
    return name === undefined ? undefined : this.queues.get(name);
  }

  /** A topology queue: its consumers' receive limit leads to the shared dead-letter queue. */
  private createTopologyQueue(name: QueueName, specs: readonly FunctionSpec[]): Queue {
    const consumers = specs.filter((spec) => spec.queue?.name === name);
    const longest = Math.max(functionDefaults.timeoutSeconds, ...consumers.map((c) => c.timeoutSeconds ?? 0));
    const receives = Math.max(1, ...consumers.map((c) => c.queue?.maxReceiveCount ?? 1));
    const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}Queue`;
    return new Queue(this, id, {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: Duration.seconds(longest * VISIBILITY_PER_TIMEOUT),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: receives },
    });
  }

  private createScheduledFailureQueue(): Queue {
    return new Queue(this, "ScheduledFailureQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
  }

  private createDeadLetterQueue(): Queue {
    const queue = new Queue(this, "DeadLetterQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    // Its depth alarm is in Monitoring (DeadLetters), with the others.
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
      // A dead-letter queue only holds failed asynchronous invocations; these functions have none.
      if ((spec.routes?.length || spec.defaultRoute) && !spec.schedule && !spec.stream) {
        Validations.of(fn).acknowledge({
          id: "Serverless-LambdaDLQ",
          reason: `${spec.name} is invoked only synchronously, by API Gateway: the caller gets the error, and a dead-letter queue would never receive anything.`,
        });
      }
      if (spec.schedule || spec.events) {
        Validations.of(fn).acknowledge({
          id: "Serverless-LambdaDLQ",
          reason: `${spec.name} is invoked asynchronously; a run that fails after Lambda's retries goes to its on-failure destination (the alarmed scheduled-failure queue), which keeps the error and the request as a function dead-letter queue would not.`,
        });
      }
      if (spec.queue) {
        Validations.of(fn).acknowledge(
          {
            id: "Serverless-LambdaDLQ",
            reason: `${spec.name} is invoked only by its SQS event source mapping: a function dead-letter queue applies to asynchronous invocations, and the queue's redrive policy moves a message that keeps failing to the dead-letter queue.`,
          },
          {
            id: "Serverless-LambdaEventSourceMappingDestination",
            reason: `An SQS event source mapping takes no on-failure destination; ${spec.name}'s queue redrives a message that keeps failing to the alarmed dead-letter queue instead.`,
          },
        );
      }
      if (spec.stream && !spec.schedule && !spec.routes?.length) {
        Validations.of(fn).acknowledge({
          id: "Serverless-LambdaDLQ",
          reason: `${spec.name} is invoked only by its stream event source mapping, whose on-failure destination is the dead-letter queue; a function dead-letter queue applies to asynchronous invocations only.`,
        });
      }
      Validations.of(fn).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: spec.stream
          ? "xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) and dynamodb:ListStreams (granted by the stream event source) have no resource-level permissions; every other action is scoped to the table, its indexes and its stream."
          : "xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) have no resource-level permissions; every other action is scoped to the function's own resources.",
      });
      if (spec.schedule) {
        Validations.of(this).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: `EventBridge Scheduler's role may invoke the versions and aliases of its one target function, ${spec.name}.`,
        });
      }
    }
    Validations.of(this.hashKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The hash key is rotated by adding a key for petitions from a given id (docs/edge.md), never replaced on a timer: a replaced key would stop open petitions recognising their signers.",
    });
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: "AwsSolutions-SQS3",
        reason: "This queue is itself the dead-letter destination of the stream event sources and schedules.",
      },
      {
        id: "Serverless-SQSRedrivePolicy",
        reason: "This queue is itself the dead-letter destination of the stream event sources and schedules.",
      },
    );
    for (const canary of this.canaries.values()) {
      Validations.of(canary.deploymentGroup).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
        reason:
          "CodeDeploy's managed policy for Lambda deployments: it reads alarms, shifts the alias's traffic weights and may invoke only hook functions named CodeDeployHook_*.",
      });
    }
    if (this.encryptionKey) {
      Validations.of(this).acknowledge(
        ...["Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"].map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            "The table grant's use of the stage's one customer-managed table key (encrypting items and the stream); no other key is reachable.",
        })),
      );
    }
    Validations.of(this.backups).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]",
      reason:
        "AWS Backup's managed service policy, assumed by AWS Backup only, to back up the resources of this plan's selection (the table).",
    });
    Validations.of(this.scheduledFailureQueue).acknowledge(
      {
        id: "AwsSolutions-SQS3",
        reason:
          "This queue is itself the on-failure destination of the scheduled functions' asynchronous runs.",
      },
      {
        id: "Serverless-SQSRedrivePolicy",
        reason:
          "This queue is itself the on-failure destination of the scheduled functions' asynchronous runs.",
      },
    );
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
