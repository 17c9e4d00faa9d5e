/**
 * The petitions service on AWS, built entirely from the topology: every entry becomes a Lambda
 * function with its routes, stream trigger or schedule, table grant and mail permission. Nothing
 * here names a function.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { AttributeType, BillingMode, type CfnTable, StreamViewType, Table } from "aws-cdk-lib/aws-dynamodb";
import { type CfnFunction, FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Schedule, ScheduleExpression } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import { EmailIdentity, Identity } from "aws-cdk-lib/aws-ses";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { tableDefinition } from "../../shared/db/table.ts";
import { METRIC_NAMESPACE } from "../../shared/metrics.ts";
import { topology as defaultTopology } from "../topology.ts";
import type { FunctionSpec, QueueName } from "../topology-types.ts";
import { Cdn } from "./cdn.ts";
import type { DeploymentConfig } from "./config.ts";
import {
  createTopologyFunction,
  DEFAULT_TIMEOUT_SECONDS,
  SERVICE_NAME,
  type SettingValues,
} from "./functions.ts";
import { PetitionsHttpApi } from "./http-api.ts";
import { StaffAuth } from "./staff-auth.ts";

export const DEFAULT_STREAM_RETRY_ATTEMPTS = 5;
/** Parked in the DLQ well before the stream's 24-hour retention would trim the record. */
export const STREAM_MAX_RECORD_AGE = Duration.hours(12);
export const SCHEDULE_RETRY_ATTEMPTS = 3;
/** Lambda's own retries of a scheduled run that failed, before its on-failure destination. */
export const SCHEDULED_ASYNC_RETRY_ATTEMPTS = 2;
/** A scheduled run's event older than this goes to the on-failure destination instead of running. */
export const SCHEDULED_MAX_EVENT_AGE = Duration.hours(1);
/** SQS's advice for a queue that triggers a function: visibility six times the function's timeout. */
const VISIBILITY_PER_TIMEOUT = 6;

/** The alarms of the failure paths, for the stage's alarm topic to be attached to. */
export interface FailureAlarms {
  /** A scheduled function's run failed after Lambda's retries (its on-failure queue holds it). */
  scheduledRunFailed: Alarm;
  /** A counter batch failed after its retries; its petitions are being recounted. */
  counterBatchFailed: Alarm;
  /** The reconciliation found and corrected a petition whose count had drifted. */
  countMismatch: Alarm;
  /** Stream records, scheduled runs or queue messages were parked in the dead-letter queue. */
  deadLetters: Alarm;
}

export interface PetitionsStackProps extends StackProps {
  config: DeploymentConfig;
  /** The functions to deploy; the project's topology unless a test passes another. */
  topology?: readonly FunctionSpec[];
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
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: PetitionsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const specs = props.topology ?? defaultTopology;

    this.table = this.createTable();
    const deadLetterAlarm = this.createDeadLetterQueue();
    this.deadLetterQueue = deadLetterAlarm.queue;
    this.scheduledFailureQueue = this.createScheduledFailureQueue();
    for (const spec of specs) {
      const name = spec.queue?.name ?? spec.stream?.onFailure;
      if (name && !this.queues.has(name)) this.queues.set(name, this.createTopologyQueue(name, specs));
    }
    this.failureAlarms = {
      scheduledRunFailed: this.depthAlarm(
        "ScheduledRunFailedAlarm",
        this.scheduledFailureQueue,
        "A scheduled function failed after Lambda's retries; its event is in the scheduled-failure queue: read the function's logs, fix, and run it again",
      ),
      counterBatchFailed: this.counterBatchFailedAlarm(),
      countMismatch: this.countMismatchAlarm(),
      deadLetters: deadLetterAlarm.alarm,
    };

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

      const fn = createTopologyFunction(this, { spec, settingValues, dataDir: config.dataDir });
      this.functions.set(spec.name, fn);

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

      if (spec.schedule) {
        // A run that fails after Lambda's own retries is kept, with its error, for an operator.
        fn.configureAsyncInvoke({
          onFailure: new SqsDestination(this.scheduledFailureQueue),
          retryAttempts: SCHEDULED_ASYNC_RETRY_ATTEMPTS,
          maxEventAge: SCHEDULED_MAX_EVENT_AGE,
        });
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

  private queueNamed(name: QueueName | undefined): Queue | undefined {
    return name === undefined ? undefined : this.queues.get(name);
  }

  /** A topology queue: its consumers' receive limit leads to the shared dead-letter queue. */
  private createTopologyQueue(name: QueueName, specs: readonly FunctionSpec[]): Queue {
    const consumers = specs.filter((spec) => spec.queue?.name === name);
    const longest = Math.max(DEFAULT_TIMEOUT_SECONDS, ...consumers.map((c) => c.timeoutSeconds ?? 0));
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

  /** An alarm as soon as a queue holds a message. */
  private depthAlarm(id: string, queue: Queue, description: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Any message sent to the counter's on-failure queue: its consumer recounts at once, so the
   * queue is usually empty again before a depth alarm would see it.
   */
  private counterBatchFailedAlarm(): Alarm {
    const queue = this.queues.get("counterFailures");
    const metric = queue
      ? queue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: "Sum" })
      : this.serviceMetric("CounterBatchFailed");
    return new Alarm(this, "CounterBatchFailedAlarm", {
      alarmDescription:
        "A counter batch failed after its retries: its petitions are being recounted. Find the cause in CountSignatures' logs (code count_failed) and RecountFailedBatch's (counter_batch_failed)",
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** A registered metric as the functions write it (Powertools adds the service dimension). */
  private serviceMetric(name: "CountDriftCorrected" | "CounterBatchFailed"): Metric {
    return new Metric({
      namespace: METRIC_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: SERVICE_NAME },
      period: Duration.minutes(5),
      statistic: "Sum",
    });
  }

  private countMismatchAlarm(): Alarm {
    return new Alarm(this, "CountMismatchAlarm", {
      alarmDescription:
        "A petition's count differed from its signatures and was corrected (audit entries AUDIT# under the petition): find why in the logs (code count_drift_corrected)",
      metric: this.serviceMetric("CountDriftCorrected"),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private createDeadLetterQueue(): { queue: Queue; alarm: Alarm } {
    const queue = new Queue(this, "DeadLetterQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    const alarm = new Alarm(this, "DeadLetterAlarm", {
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
    return { queue, alarm };
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
      if (spec.stream || spec.readsStream) {
        Validations.of(fn).acknowledge({
          id: "AwsSolutions-IAM5[Resource::*]",
          reason:
            "dynamodb:ListStreams (granted with read access to the stream) has no resource-level permissions; every other action is scoped to the table, its indexes and its stream.",
        });
      }
      if (spec.schedule) {
        Validations.of(this).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
          reason: `EventBridge Scheduler's role may invoke the versions and aliases of its one target function, ${spec.name}.`,
        });
      }
    }
    Validations.of(this.scheduledFailureQueue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself the on-failure destination of the scheduled functions' asynchronous runs.",
    });
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
        id: "AwsSolutions-CFR2",
        reason:
          "No WAF yet: abuse is limited by API throttling and per-email and per-scope rate limits in the handlers.",
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
