/**
 * The petitions service on AWS, built entirely from the topology: every entry becomes a Lambda
 * function with its routes, stream trigger or schedule, table grant and mail permission. Nothing
 * here names a function.
 */

import { Duration, RemovalPolicy, Stack, type StackProps, Token } from "aws-cdk-lib";
import type { Table } from "aws-cdk-lib/aws-dynamodb";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { Key } from "aws-cdk-lib/aws-kms";
import { FilterCriteria, type IFunction, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Topic } from "aws-cdk-lib/aws-sns";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { topology as defaultTopology } from "../../shared/topology.ts";
import { type FunctionSpec, functionDefaults, type QueueName } from "../../shared/topology-types.ts";
import { TableBackups } from "./backups.ts";
import { CostBudget } from "./budget.ts";
import { CanaryRelease } from "./canary.ts";
import { Cdn, DEFAULT_ORIGIN_SHIELD_REGION } from "./cdn.ts";
import type { DeploymentConfig } from "./config.ts";
import { addFailureAlarms, type FailureAlarms } from "./failure-alarms.ts";
import { createTopologyFunction, type SettingValues } from "./functions.ts";
import { PetitionsHttpApi } from "./http-api.ts";
import { reservedConcurrency } from "./isolation.ts";
import { Mail } from "./mail.ts";
import { alarmTopic, Monitoring } from "./monitoring.ts";
import { acknowledgeNagFindings } from "./petitions-nag.ts";
import { serviceQueue, topologyQueue } from "./queues.ts";
import { room } from "./rooms.ts";
import { addServiceOutputs } from "./service-outputs.ts";
import { StaffAuth } from "./staff-auth.ts";
import { createDataKey, createTable } from "./table.ts";

/** Parked in the DLQ well before the stream's 24-hour retention would trim the record. */
export const STREAM_MAX_RECORD_AGE = Duration.hours(12);
export const SCHEDULE_RETRY_ATTEMPTS = 3;
/** EventBridge retries a failed delivery to a function this often before the dead-letter queue. */
export const EVENT_RETRY_ATTEMPTS = 8;
/** Lambda's own retries of a scheduled run that failed, before its on-failure destination. */
export const SCHEDULED_ASYNC_RETRY_ATTEMPTS = 2;
/** A scheduled run's event older than this goes to the on-failure destination instead of running. */
export const SCHEDULED_MAX_EVENT_AGE = Duration.hours(1);

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

    if (stage.customerManagedKey) this.encryptionKey = createDataKey(this);
    // Its depth alarm is in Monitoring (DeadLetters), with the others.
    this.deadLetterQueue = serviceQueue(this, "DeadLetterQueue");
    // Generated at deploy and never in the template; kept if the stack goes, as the table is: the
    // table's signature keys cannot be matched again without it.
    this.hashKey = new Secret(this, "HashKey", {
      description: "Key of the HMACs that stand for email and IP addresses in keys, counters and logs",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.alarmTopic = alarmTopic(this, stage.alarmEmails, this.deadLetterQueue);
    this.table = createTable(this, stage, this.encryptionKey);
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
    this.scheduledFailureQueue = serviceQueue(this, "ScheduledFailureQueue");
    for (const spec of specs) {
      const name = spec.queue?.name ?? spec.stream?.onFailure;
      if (name && !this.queues.has(name))
        this.queues.set(name, topologyQueue(this, name, specs, this.deadLetterQueue));
    }

    this.httpApi = new PetitionsHttpApi(this, "HttpApi");
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
      else if (spec.table === "read") this.table.grantReadData(fn);

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
            bisectBatchOnError: spec.stream.bisectOnError ?? true,
            ...(spec.stream.tumblingWindowSeconds !== undefined
              ? { tumblingWindow: Duration.seconds(spec.stream.tumblingWindowSeconds) }
              : {}),
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

    this.monitoring = new Monitoring(room(this, "monitoring"), "Monitoring", {
      topic: this.alarmTopic,
      ...(props.runbookBaseUrl ? { runbookBaseUrl: props.runbookBaseUrl } : {}),
      specs,
      functions: this.functions,
      table: this.table,
      deadLetterQueue: this.deadLetterQueue,
      httpApi: this.httpApi,
      distributionId: this.cdn.distribution.distributionId,
    });
    this.failureAlarms = addFailureAlarms(this.monitoring, this.scheduledFailureQueue, specs, this.queues);

    addServiceOutputs(this);

    acknowledgeNagFindings(this, specs);
  }

  private queueNamed(name: QueueName | undefined): Queue | undefined {
    return name === undefined ? undefined : this.queues.get(name);
  }
}
