/**
 * The synthesised template follows the topology: every entry has its function, routes, trigger,
 * table grant and mail permission, and the shared resources are configured as designed.
 * Bundling is skipped here (bundle.test.ts bundles for real).
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withHeadRoutes } from "../../infra/aws/http-api.ts";
import { tableDefinition } from "../../shared/db/table.ts";
import { METRIC_NAMESPACE } from "../../shared/metrics.ts";
import { topology } from "../../shared/topology.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { buildStack, cleanupAssemblies, synthTemplate, TEST_REGION } from "../support/cdk.ts";

afterAll(cleanupAssemblies);

const specs: readonly FunctionSpec[] = topology;

type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const WRITE_ACTIONS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

/** `rate(...)` as EventBridge Scheduler writes a whole number of minutes. */
function rateOf(minutes: number): string {
  const [value, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, "day"]
      : minutes % 60 === 0
        ? [minutes / 60, "hour"]
        : [minutes, "minute"];
  return `rate(${value} ${unit}${value === 1 ? "" : "s"})`;
}

function logicalIdOf(template: Template, type: string, name: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) =>
    new RegExp(`^${name}[0-9A-F]{8}$`).test(id),
  );
  expect(ids, `${type} for topology entry ${name}`).toHaveLength(1);
  return ids[0] as string;
}

function functionOf(template: Template, name: string): { id: string; props: Record<string, unknown> } {
  const id = logicalIdOf(template, "AWS::Lambda::Function", name);
  const resource = template.findResources("AWS::Lambda::Function")[id] as Resource;
  return { id, props: resource.Properties };
}

/** The logical id of the `live` alias through which a canary entry is invoked. */
function aliasOf(template: Template, name: string): string {
  const { id } = functionOf(template, name);
  const aliases = Object.entries(template.findResources("AWS::Lambda::Alias")).filter(
    ([, alias]) =>
      JSON.stringify((alias as Resource).Properties.FunctionName) === JSON.stringify({ Ref: id }),
  );
  expect(aliases, `alias of ${name}`).toHaveLength(1);
  return (aliases[0] as [string, unknown])[0];
}

/** Every IAM statement attached to the execution role of the named function. */
function statementsOf(template: Template, name: string): Statement[] {
  const { props } = functionOf(template, name);
  const roleId = (props.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  const policies = Object.values(template.findResources("AWS::IAM::Policy")) as Resource[];
  return policies
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${roleId}"`))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

function expectStaffAuthorizer(template: Template): void {
  template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
    AuthorizerType: "JWT",
    IdentitySource: ["$request.header.Authorization"],
    JwtConfiguration: {
      Audience: [{ Ref: Match.stringLikeRegexp("AdminClient") }],
      Issuer: {
        "Fn::Join": [
          "",
          [`https://cognito-idp.${TEST_REGION}.amazonaws.com/`, { Ref: Match.stringLikeRegexp("UserPool") }],
        ],
      },
    },
  });
}

describe("PetitionsStack", () => {
  let template: Template;
  let tableId: string;
  let dlqId: string;
  let configurationSetId: string;

  beforeAll(() => {
    template = synthTemplate().template;
    tableId = Object.keys(template.findResources("AWS::DynamoDB::Table"))[0] as string;
    dlqId = Object.keys(template.findResources("AWS::SQS::Queue")).find((id) =>
      id.startsWith("DeadLetterQueue"),
    ) as string;
    configurationSetId = Object.keys(template.findResources("AWS::SES::ConfigurationSet"))[0] as string;
  });

  describe("table", () => {
    it("is one classic on-demand table with stream, PITR, TTL, and retained", () => {
      template.resourceCountIs("AWS::DynamoDB::Table", 1);
      template.resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
      template.hasResource("AWS::DynamoDB::Table", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: Match.objectLike({
          KeySchema: [
            { AttributeName: tableDefinition.partitionKey, KeyType: "HASH" },
            { AttributeName: tableDefinition.sortKey, KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
          StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true },
        }),
      });
    });

    it("has every index of the table definition, string keys, each with its projection", () => {
      const table = template.findResources("AWS::DynamoDB::Table")[tableId] as Resource;
      const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string }[];
      expect(gsis.map((gsi) => gsi.IndexName).sort()).toEqual(
        tableDefinition.indexes.map((index) => index.name).sort(),
      );
      const attributes = table.Properties.AttributeDefinitions as {
        AttributeName: string;
        AttributeType: string;
      }[];
      for (const index of tableDefinition.indexes) {
        expect(gsis).toContainEqual(
          expect.objectContaining({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: "HASH" },
              { AttributeName: index.sortKey, KeyType: "RANGE" },
            ],
            Projection:
              index.projection.type === "INCLUDE"
                ? { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projection.attributes] }
                : { ProjectionType: index.projection.type },
          }),
        );
        expect(attributes).toContainEqual({ AttributeName: index.partitionKey, AttributeType: "S" });
        expect(attributes).toContainEqual({ AttributeName: index.sortKey, AttributeType: "S" });
      }
    });

    it("projects only what each signature index's readers read: mail's fields, and keys for staff search", () => {
      const table = template.findResources("AWS::DynamoDB::Table")[tableId] as Resource;
      const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string; Projection: unknown }[];
      const projection = (name: string) => gsis.find((gsi) => gsi.IndexName === name)?.Projection;
      expect(projection("signers")).toEqual({
        ProjectionType: "INCLUDE",
        NonKeyAttributes: expect.arrayContaining(["name", "email", "unsubscribe_token", "notify_by_email"]),
      });
      // The state (confirmation), counter marks, email counts and token hashes change after insert:
      // not projected.
      const included = (projection("signers") as { NonKeyAttributes: string[] }).NonKeyAttributes;
      for (const changing of [
        "state",
        "counted",
        "counted_sub",
        "email_count",
        "token_hashes",
        "validated_at",
        "expiresAt",
      ])
        expect(included).not.toContain(changing);
      expect(projection("byEmail")).toEqual({ ProjectionType: "KEYS_ONLY" });
      expect(projection("byIp")).toEqual({ ProjectionType: "KEYS_ONLY" });
      expect(projection("byState")).toEqual({ ProjectionType: "ALL" });
      // An outbox message's claim and body change while it waits: not in the due index.
      const due = (projection("due") as { NonKeyAttributes: string[] }).NonKeyAttributes;
      expect(due).toEqual(expect.arrayContaining(["id", "state", "closes_at", "petition_id", "updated_at"]));
      for (const changing of ["claimed_by", "claimed_until", "data", "sent_at"])
        expect(due).not.toContain(changing);
    });
  });

  describe("functions", () => {
    it("has exactly one function per topology entry, plus the CDK's asset copier", () => {
      // aws-cdk-lib's BucketDeployment singleton uploads /assets/* to the assets bucket.
      template.resourceCountIs("AWS::Lambda::Function", specs.length + 1);
    });

    it.each(specs.map((spec) => [spec.name, spec] as const))(
      "%s: arm64, nodejs24.x, ESM bundle, own log group",
      (_, spec) => {
        const { props } = functionOf(template, spec.name);
        expect(props.Architectures).toEqual(["arm64"]);
        expect(props.Runtime).toBe("nodejs24.x");
        expect(props.Handler).toBe("index.handler");
        expect(props.Timeout).toBe(spec.timeoutSeconds ?? 10);
        expect(props.MemorySize).toBe(spec.memoryMB ?? 512);
        expect(props.Description).toBe(spec.description);
        const logGroupRef = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
        const logGroupId = logicalIdOf(template, "AWS::Logs::LogGroup", `${spec.name}Logs`);
        expect(logGroupRef).toBe(logGroupId);
        const logGroup = template.findResources("AWS::Logs::LogGroup")[logGroupId] as Resource;
        expect(logGroup.Properties.RetentionInDays).toBe(90);
      },
    );

    it.each(specs.map((spec) => [spec.name, spec] as const))(
      "%s: environment is exactly its declared settings",
      (_, spec) => {
        const variables = (
          (functionOf(template, spec.name).props.Environment ?? {}) as { Variables: Record<string, unknown> }
        ).Variables;
        // Every function with routes also gets the origin secret's ARN, to refuse requests without it.
        const routed = (spec.routes?.length ?? 0) > 0;
        const extra = Object.keys(variables).filter(
          (key) =>
            !(spec.settings as readonly string[]).includes(key) &&
            !["NODE_OPTIONS", "POWERTOOLS_SERVICE_NAME"].includes(key) &&
            !(routed && key === "ORIGIN_SECRET_ARN"),
        );
        expect(extra, "variables the entry does not declare").toEqual([]);
        expect(variables.NODE_OPTIONS).toBe("--enable-source-maps");
        expect(variables.POWERTOOLS_SERVICE_NAME).toBe("petitions");
        const declares = (name: string) => (spec.settings as readonly string[]).includes(name);
        if (declares("TABLE_NAME")) expect(variables.TABLE_NAME).toEqual({ Ref: tableId });
        if (declares("DATA_DIR")) expect(variables.DATA_DIR).toBe("/var/task/data");
        if (declares("SENDER_EMAIL")) expect(variables.SENDER_EMAIL).toBe("no-reply@petitions.example.org");
        if (declares("PUBLIC_URL")) {
          // Defaults to the CloudFront URL.
          expect(JSON.stringify(variables.PUBLIC_URL)).toContain("DomainName");
        }
        if (declares("STAFF_JWT_AUDIENCE")) expect(variables.STAFF_JWT_AUDIENCE).toBeDefined();
        if (declares("SES_CONFIGURATION_SET"))
          expect(variables.SES_CONFIGURATION_SET).toEqual({ Ref: configurationSetId });
      },
    );

    it.each(specs.map((spec) => [spec.name, spec] as const))(
      "%s: table access matches the topology",
      (_, spec) => {
        const actions = statementsOf(template, spec.name).flatMap(actionsOf);
        if (spec.table === "none") {
          expect(actions.filter((action) => action.startsWith("dynamodb:"))).toEqual([]);
          return;
        }
        expect(actions).toContain("dynamodb:GetItem");
        expect(actions).toContain("dynamodb:Query");
        if (spec.table === "read") {
          expect(actions.filter((action) => WRITE_ACTIONS.includes(action))).toEqual([]);
        } else {
          for (const action of WRITE_ACTIONS) expect(actions).toContain(action);
        }
      },
    );

    it.each(specs.map((spec) => [spec.name, spec] as const))(
      "%s: SES permission only with mail, scoped to the sender",
      (_, spec) => {
        const sesStatements = statementsOf(template, spec.name).filter((statement) =>
          actionsOf(statement).some((action) => action.startsWith("ses:")),
        );
        if (!spec.mail) {
          expect(sesStatements).toEqual([]);
          return;
        }
        expect(sesStatements.flatMap(actionsOf)).toContain("ses:SendEmail");
        for (const statement of sesStatements) expect(statement.Resource).not.toBe("*");
        // SES authorises a send on the identity and on the configuration set it names.
        const resources = JSON.stringify(sesStatements.map((statement) => statement.Resource));
        expect(resources).toContain(":identity/");
        expect(resources).toContain(":configuration-set/");
        expect(resources).toContain(`"Ref":"${configurationSetId}"`);
      },
    );
  });

  it("no policy allows ses:SendEmail on every resource", () => {
    for (const policy of Object.values(template.findResources("AWS::IAM::Policy")) as Resource[]) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement) {
        if (actionsOf(statement).some((action) => action.startsWith("ses:"))) {
          expect(statement.Resource).not.toBe("*");
        }
      }
    }
  });

  describe("email", () => {
    it("sends as a domain identity with Easy DKIM, a custom MAIL FROM and the configuration set", () => {
      template.resourceCountIs("AWS::SES::EmailIdentity", 1);
      template.hasResourceProperties("AWS::SES::EmailIdentity", {
        // The sender address's domain, as no mailDomain is configured.
        EmailIdentity: "petitions.example.org",
        DkimAttributes: { SigningEnabled: true },
        MailFromAttributes: { MailFromDomain: "bounce.petitions.example.org" },
        ConfigurationSetAttributes: { ConfigurationSetName: { Ref: configurationSetId } },
      });
    });

    it("has one configuration set with reputation metrics and suppression of bounces and complaints", () => {
      template.resourceCountIs("AWS::SES::ConfigurationSet", 1);
      template.hasResourceProperties("AWS::SES::ConfigurationSet", {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SuppressionOptions: { SuppressedReasons: Match.arrayEquals(["BOUNCE", "COMPLAINT"]) },
        SendingOptions: { SendingEnabled: true },
      });
      // No fixed name: two stages can share an account.
      const set = template.findResources("AWS::SES::ConfigurationSet")[configurationSetId] as Resource;
      expect(set.Properties.Name).toBeUndefined();
    });

    it("publishes bounces, complaints, delays and rejects to the default EventBridge bus", () => {
      template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
        ConfigurationSetName: { Ref: configurationSetId },
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: Match.arrayEquals(["bounce", "complaint", "deliveryDelay", "reject"]),
          EventBridgeDestination: {
            EventBusArn: Match.objectLike({
              "Fn::Join": ["", Match.arrayWith([Match.stringLikeRegexp(":event-bus/default$")])],
            }),
          },
        },
      });
    });

    it("prints the DKIM, MAIL FROM and DMARC records when no hosted zone is configured", () => {
      template.resourceCountIs("AWS::Route53::RecordSet", 0);
      const outputs = Object.keys(template.findOutputs("*"));
      for (const name of [
        "DkimRecord1",
        "DkimRecord2",
        "DkimRecord3",
        "MailFromMxRecord",
        "MailFromSpfRecord",
      ])
        expect(
          outputs.some((output) => output.startsWith(`Mail${name}`)),
          name,
        ).toBe(true);
      const dmarc = Object.entries(template.findOutputs("*")).find(([id]) =>
        id.startsWith("MailDmarcRecord"),
      );
      expect(JSON.stringify(dmarc?.[1])).toContain("_dmarc.petitions.example.org TXT");
      expect(JSON.stringify(dmarc?.[1])).toContain("p=reject");
    });
  });

  describe("HTTP API", () => {
    // Every GET route has a HEAD twin, and the topology's default-route function has `$default`.
    const routes = specs.flatMap((spec) => [
      ...withHeadRoutes(spec.routes ?? []).map(
        (route) => [`${route.method} ${route.path}`, spec, route as { auth: string }] as const,
      ),
      ...(spec.defaultRoute ? [["$default", spec, { auth: "public" }] as const] : []),
    ]);

    it("answers HEAD on every GET route and sends what no route matches to one function", () => {
      const keys = routes.map(([key]) => key);
      expect(keys).toContain("HEAD /petitions/{id}");
      expect(keys).toContain("HEAD /");
      expect(keys).not.toContain("HEAD /petitions/{id}/signatures");
      expect(keys.filter((key) => key === "$default")).toHaveLength(1);
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    });

    it("has one route per topology route and no other", () => {
      template.resourceCountIs("AWS::ApiGatewayV2::Route", routes.length);
    });

    it.each(routes)("%s", (routeKey, spec, route) => {
      const found = template.findResources("AWS::ApiGatewayV2::Route", {
        Properties: { RouteKey: routeKey },
      });
      expect(Object.keys(found)).toHaveLength(1);
      const props = (Object.values(found)[0] as Resource).Properties;
      if (route.auth === "public") {
        expect(props.AuthorizationType).toBe("NONE");
        expect(props.AuthorizerId).toBeUndefined();
      } else {
        expect(props.AuthorizationType).toBe("JWT");
        expect(props.AuthorizerId).toEqual({
          Ref: Object.keys(template.findResources("AWS::ApiGatewayV2::Authorizer"))[0],
        });
      }
      // The route's integration invokes this entry's function.
      const integrationId = JSON.stringify(props.Target).match(/"Ref":"([A-Za-z0-9]+)"/)?.[1] as string;
      const integration = template.findResources("AWS::ApiGatewayV2::Integration")[integrationId] as Resource;
      expect(integration.Properties.IntegrationUri).toEqual(
        spec.canary
          ? { Ref: aliasOf(template, spec.name) }
          : { "Fn::GetAtt": [functionOf(template, spec.name).id, "Arn"] },
      );
    });

    it("lets API Gateway invoke each routed function by one permission for the whole API (the catch-all's function by one per route)", () => {
      const permissions = Object.values(
        template.findResources("AWS::Lambda::Permission", {
          Properties: { Principal: "apigateway.amazonaws.com" },
        }),
      ) as Resource[];
      const routed = specs.filter((spec) => spec.routes?.length || spec.defaultRoute);
      const expected = routed.reduce(
        (sum, spec) => sum + (spec.defaultRoute ? withHeadRoutes(spec.routes ?? []).length + 1 : 1),
        0,
      );
      expect(permissions).toHaveLength(expected);
      const apiWide = permissions.filter((p) => JSON.stringify(p.Properties.SourceArn).includes("/*/*/*"));
      expect(apiWide).toHaveLength(routed.filter((spec) => !spec.defaultRoute).length);
    });

    it("has a JWT authorizer on the Cognito pool and client when a staff route exists", () => {
      const staff = routes.some(([, , route]) => route.auth !== "public");
      template.resourceCountIs("AWS::ApiGatewayV2::Authorizer", staff ? 1 : 0);
      if (staff) expectStaffAuthorizer(template);
    });

    it("has its own $default stage with JSON access logs and throttling", () => {
      template.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
      const stage = Object.values(template.findResources("AWS::ApiGatewayV2::Stage"))[0] as Resource;
      expect(stage.Properties).toMatchObject({
        StageName: "$default",
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 10000 },
      });
      const format = JSON.parse((stage.Properties.AccessLogSettings as { Format: string }).Format) as Record<
        string,
        string
      >;
      expect(format.requestId).toBe("$context.requestId");
      expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|claims/);
    });
  });

  describe("stream triggers", () => {
    const streamSpecs = specs.filter((spec) => spec.stream);

    it("has one event source mapping per stream entry and per queue entry", () => {
      template.resourceCountIs(
        "AWS::Lambda::EventSourceMapping",
        streamSpecs.length + specs.filter((spec) => spec.queue).length,
      );
    });

    it("reads the counter's signatures shard by shard in order: a tumbling window names the shard, no bisection, one batch per shard", () => {
      const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping")) as Resource[];
      const mappingOf = (name: string) => {
        const spec = specs.find((s) => s.name === name) as FunctionSpec;
        const patterns = JSON.stringify(
          spec.stream?.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })),
        );
        return mappings.find(
          (m) =>
            JSON.stringify((m.Properties.FilterCriteria as { Filters?: unknown } | undefined)?.Filters) ===
            patterns,
        );
      };
      const counter = mappingOf("CountSignatures")?.Properties;
      expect(counter?.TumblingWindowInSeconds).toBe(60);
      expect(counter?.BisectBatchOnFunctionError).toBe(false);
      expect(counter?.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      // ParallelizationFactor defaults to 1: one batch per shard in flight, as the cursor needs.
      expect(counter?.ParallelizationFactor ?? 1).toBe(1);
      const merge = mappingOf("MergeCounts")?.Properties;
      expect(merge?.FilterCriteria).toEqual({
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ["INSERT"],
              dynamodb: { NewImage: { entity: { S: ["COUNT_DELTA"] } } },
            }),
          },
        ],
      });
      expect(merge?.ParallelizationFactor ?? 1).toBe(1);
    });

    it.each(streamSpecs.map((spec) => [spec.name, spec] as const))("%s", (_, spec) => {
      const stream = spec.stream as NonNullable<FunctionSpec["stream"]>;
      template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: spec.canary
          ? {
              // The alias's qualified name: "<function>:live".
              "Fn::Join": [
                "",
                [
                  { "Fn::Select": [6, { "Fn::Split": [":", { Ref: aliasOf(template, spec.name) }] }] },
                  ":live",
                ],
              ],
            }
          : { Ref: functionOf(template, spec.name).id },
        EventSourceArn: { "Fn::GetAtt": [tableId, "StreamArn"] },
        StartingPosition: "TRIM_HORIZON",
        BatchSize: stream.batchSize,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BisectBatchOnFunctionError: stream.bisectOnError ?? true,
        MaximumRetryAttempts: stream.retryAttempts ?? 5,
        MaximumRecordAgeInSeconds: Match.anyValue(),
        DestinationConfig: {
          OnFailure: {
            Destination: {
              "Fn::GetAtt": [stream.onFailure ? queueConsumedBy(stream.onFailure) : dlqId, "Arn"],
            },
          },
        },
        FilterCriteria: { Filters: stream.filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
        ...(stream.batchingWindowSeconds !== undefined
          ? { MaximumBatchingWindowInSeconds: stream.batchingWindowSeconds }
          : {}),
        ...(stream.tumblingWindowSeconds !== undefined
          ? { TumblingWindowInSeconds: stream.tumblingWindowSeconds }
          : {}),
      });
    });

    /** The queue whose messages trigger the entry with this queue trigger (its SQS event source). */
    function queueConsumedBy(name: string): string {
      const consumers = specs.filter((spec) => spec.queue?.name === name);
      expect(consumers, `an entry triggered by queue ${name}`).toHaveLength(1);
      const fnId = functionOf(template, (consumers[0] as FunctionSpec).name).id;
      const mappings = Object.values(template.findResources("AWS::Lambda::EventSourceMapping")) as Resource[];
      const mapping = mappings.find(
        (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
      );
      const arn = mapping?.Properties.EventSourceArn as { "Fn::GetAtt": [string, string] };
      expect(template.findResources("AWS::SQS::Queue")[arn["Fn::GetAtt"][0]]).toBeDefined();
      return arn["Fn::GetAtt"][0];
    }

    it.each(streamSpecs.filter((spec) => spec.stream?.onFailure).map((spec) => [spec.name, spec] as const))(
      "%s's failed batches go to a queue that triggers their recovery, with an alarm",
      (_, spec) => {
        const queueId = queueConsumedBy(spec.stream?.onFailure as string);
        const queue = template.findResources("AWS::SQS::Queue")[queueId] as Resource;
        // A message its consumer cannot handle ends in the dead-letter queue, never lost.
        expect(queue.Properties.RedrivePolicy).toMatchObject({
          deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] },
        });
        template.hasResourceProperties("AWS::CloudWatch::Alarm", {
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
        });
      },
    );

    it("keeps every queue encrypted, TLS-only and for 14 days", () => {
      const queues = Object.keys(template.findResources("AWS::SQS::Queue"));
      expect(queues.length).toBeGreaterThan(1);
      for (const id of queues) {
        const queue = template.findResources("AWS::SQS::Queue")[id] as Resource;
        expect(queue.Properties, id).toMatchObject({
          SqsManagedSseEnabled: true,
          MessageRetentionPeriod: 14 * 24 * 3600,
        });
        template.hasResourceProperties("AWS::SQS::QueuePolicy", {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            ]),
          },
        });
      }
    });

    it("parks failures in an encrypted, TLS-only, 14-day dead-letter queue with an alarm", () => {
      expect(dlqId).toBeDefined();
      template.hasResourceProperties("AWS::SQS::Queue", {
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId, "QueueName"] } }],
      });
    });
  });

  describe("schedules", () => {
    const scheduled = specs.filter((spec) => spec.schedule);

    it("has one schedule per scheduled entry", () => {
      template.resourceCountIs("AWS::Scheduler::Schedule", scheduled.length);
    });

    it.each(scheduled.map((spec) => [spec.name, spec] as const))("%s", (_, spec) => {
      template.hasResourceProperties("AWS::Scheduler::Schedule", {
        ScheduleExpression: rateOf(spec.schedule?.everyMinutes as number),
        State: "ENABLED",
        Target: Match.objectLike({
          Arn: { "Fn::GetAtt": [functionOf(template, spec.name).id, "Arn"] },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }),
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlqId, "Arn"] } },
        }),
      });
    });

    it.each(scheduled.map((spec) => [spec.name, spec] as const))(
      "%s's failed runs go to an on-failure queue with an alarm on its depth",
      (_, spec) => {
        const fnId = functionOf(template, spec.name).id;
        const configs = Object.values(template.findResources("AWS::Lambda::EventInvokeConfig")) as Resource[];
        const config = configs.find(
          (c) => JSON.stringify(c.Properties.FunctionName) === JSON.stringify({ Ref: fnId }),
        );
        expect(config, `an asynchronous invocation config for ${spec.name}`).toBeDefined();
        const props = config?.Properties as {
          MaximumRetryAttempts: number;
          MaximumEventAgeInSeconds: number;
          DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [string, string] } } };
        };
        expect(props.MaximumRetryAttempts).toBeLessThanOrEqual(2);
        expect(props.MaximumEventAgeInSeconds).toBeGreaterThan(0);
        const queueId = props.DestinationConfig.OnFailure.Destination["Fn::GetAtt"][0];
        expect(template.findResources("AWS::SQS::Queue")[queueId]).toBeDefined();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", {
          MetricName: "ApproximateNumberOfMessagesVisible",
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
        });
      },
    );
  });

  describe("count reconciliation", () => {
    it("raises the mismatch alarm on any corrected drift", () => {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        Namespace: METRIC_NAMESPACE,
        MetricName: "CountDriftCorrected",
        Dimensions: [{ Name: "service", Value: "petitions" }],
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      });
    });

    it("lets the recount of a failed batch read the table's stream", () => {
      for (const spec of specs.filter((s) => s.readsStream)) {
        const actions = statementsOf(template, spec.name).flatMap(actionsOf);
        expect(actions).toEqual(expect.arrayContaining(["dynamodb:GetShardIterator", "dynamodb:GetRecords"]));
      }
      expect(specs.some((s) => s.readsStream)).toBe(true);
    });
  });

  describe("event triggers", () => {
    const evented = specs.filter((spec) => spec.events);

    it("has one EventBridge rule per event entry", () => {
      template.resourceCountIs("AWS::Events::Rule", evented.length);
    });

    it.each(evented.map((spec) => [spec.name, spec] as const))("%s", (_, spec) => {
      const events = spec.events as NonNullable<FunctionSpec["events"]>;
      const { id } = functionOf(template, spec.name);
      const rules = template.findResources("AWS::Events::Rule", {
        Properties: {
          EventPattern: { source: [...events.source], "detail-type": [...events.detailType] },
        },
      });
      expect(Object.keys(rules)).toHaveLength(1);
      const [ruleId, rule] = Object.entries(rules)[0] as [string, Resource];
      // The default bus (no EventBusName), targeting this entry's function, failures to the DLQ.
      expect(rule.Properties.EventBusName).toBeUndefined();
      expect(rule.Properties.State).toBe("ENABLED");
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [id, "Arn"] },
          RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: 8 }),
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlqId, "Arn"] } },
        }),
      ]);
      template.hasResourceProperties("AWS::Lambda::Permission", {
        Action: "lambda:InvokeFunction",
        FunctionName: { "Fn::GetAtt": [id, "Arn"] },
        Principal: "events.amazonaws.com",
        SourceArn: { "Fn::GetAtt": [ruleId, "Arn"] },
      });
    });
  });

  describe("staff sign-in", () => {
    it("has a user pool without self sign-up, email sign-in, MFA required, Plus plan, full threat protection", () => {
      template.resourceCountIs("AWS::Cognito::UserPool", 1);
      template.hasResourceProperties("AWS::Cognito::UserPool", {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: ["email"],
        MfaConfiguration: "ON",
        EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
        UserPoolTier: "PLUS",
        UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      });
    });

    it("has a group per staff role, covering every role a route needs", () => {
      const groups = Object.values(template.findResources("AWS::Cognito::UserPoolGroup")).map(
        (group) => (group as Resource).Properties.GroupName,
      );
      expect(groups.sort()).toEqual(["moderator", "sysadmin"]);
      for (const spec of specs) {
        for (const route of spec.routes ?? [])
          if (route.auth !== "public") expect(groups).toContain(route.auth);
      }
    });

    it("has an authorization-code client with the admin callback and a hosted UI domain", () => {
      template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        GenerateSecret: false,
        CallbackURLs: [{ "Fn::Join": ["", ["https://", Match.anyValue(), "/staff/sign-in/callback"]] }],
        // Sign-out revokes the refresh token.
        EnableTokenRevocation: true,
      });
      template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    });
  });

  it("serves the API through CloudFront over HTTPS", () => {
    template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: "redirect-to-https" }),
      }),
    });
  });

  it("outputs the API URL, user pool id and client id", () => {
    const outputs = Object.keys(template.findOutputs("*"));
    expect(outputs).toEqual(
      expect.arrayContaining(["ApiUrl", "PublicUrl", "UserPoolId", "UserPoolClientId"]),
    );
  });
});

describe("PetitionsStack from another topology", () => {
  const extra: FunctionSpec = {
    name: "ProbeEverything",
    handler: "functions/http/probe-everything-not-written.ts",
    description: "Synthetic entry: a route, a stream and a schedule",
    routes: [
      { method: "POST", path: "/petitions/{id}", auth: "moderator" },
      { method: "GET", path: "/petitions.json", auth: "sysadmin" },
    ],
    stream: {
      filters: [{ eventName: ["MODIFY"], dynamodb: { NewImage: { x: [{ exists: true }] } } }],
      batchSize: 7,
      batchingWindowSeconds: 3,
    },
    schedule: { everyMinutes: 60 },
    events: { source: ["probe.source"], detailType: ["Probe Happened"] },
    settings: ["TABLE_NAME", "THRESHOLD_FOR_RESPONSE"],
    table: "read",
    mail: true,
  };

  it("adds the entry's function, routes, trigger, schedule and grants; passes context settings", () => {
    const others = specs.filter(
      (spec) => !spec.routes?.some((route) => route.path === "/petitions.json" && route.method === "GET"),
    );
    const { template } = synthTemplate({
      topology: [...others, extra],
      context: { THRESHOLD_FOR_RESPONSE: "42", publicUrl: "https://petition.example.org/" },
    });
    const { id, props } = functionOf(template, "ProbeEverything");
    expect((props.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      THRESHOLD_FOR_RESPONSE: "42",
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "GET /petitions.json",
      AuthorizationType: "JWT",
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
      RouteKey: "POST /petitions/{id}",
      AuthorizationType: "JWT",
    });
    expectStaffAuthorizer(template);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: { Ref: id },
      BatchSize: 7,
      MaximumBatchingWindowInSeconds: 3,
      MaximumRetryAttempts: 5,
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(extra.stream?.filters[0]) }] },
    });
    template.hasResourceProperties("AWS::Scheduler::Schedule", { ScheduleExpression: "rate(1 hour)" });
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: { source: ["probe.source"], "detail-type": ["Probe Happened"] },
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [id, "Arn"] } })],
    });
    const statements = statementsOf(template, "ProbeEverything");
    expect(statements.flatMap(actionsOf).filter((action) => WRITE_ACTIONS.includes(action))).toEqual([]);
    expect(statements.flatMap(actionsOf)).toContain("ses:SendEmail");
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      CallbackURLs: ["https://petition.example.org/staff/sign-in/callback"],
    });
    const getPetition = functionOf(template, "GetPetition").props.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(getPetition.Variables.PUBLIC_URL).toBe("https://petition.example.org");
  });

  it("refuses a route declared by two entries", () => {
    const [first] = specs.filter((spec) => spec.routes?.length);
    expect(first).toBeDefined();
    const twin = { ...(first as FunctionSpec), name: "Twin" };
    expect(() => buildStack({ topology: [...specs, twin] })).toThrow(/declared by both/);
  });

  it("writes the DKIM and MAIL FROM records into a configured hosted zone", () => {
    const { template } = synthTemplate({
      context: {
        senderEmail: "no-reply@petitions.example.gov.uk",
        hostedZoneId: "Z0123456789ABCDEFGHIJ",
        hostedZoneName: "petitions.example.gov.uk",
      },
    });
    template.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "petitions.example.gov.uk",
      MailFromAttributes: { MailFromDomain: "bounce.petitions.example.gov.uk" },
    });
    const records = Object.values(template.findResources("AWS::Route53::RecordSet")) as Resource[];
    for (const record of records) expect(record.Properties.HostedZoneId).toBe("Z0123456789ABCDEFGHIJ");
    expect(records.filter((r) => r.Properties.Type === "CNAME")).toHaveLength(3);
    template.hasResourceProperties("AWS::Route53::RecordSet", {
      Type: "MX",
      Name: "bounce.petitions.example.gov.uk.",
    });
    template.hasResourceProperties("AWS::Route53::RecordSet", {
      Type: "TXT",
      Name: "bounce.petitions.example.gov.uk.",
      ResourceRecords: ['"v=spf1 include:amazonses.com ~all"'],
    });
    const outputs = Object.keys(template.findOutputs("*"));
    expect(outputs.some((output) => output.startsWith("MailDkimRecord"))).toBe(false);
    expect(outputs.some((output) => output.startsWith("MailDmarcRecord"))).toBe(true);
  });

  it("refuses a hosted zone given half, or for another domain than the sender's", () => {
    expect(() => buildStack({ context: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } })).toThrow(
      /hostedZoneId and hostedZoneName go together/,
    );
    expect(() =>
      buildStack({ context: { hostedZoneId: "Z0123456789ABCDEFGHIJ", hostedZoneName: "elsewhere.example" } }),
    ).toThrow(/hostedZoneName: the SES identity is the zone's own domain/);
    expect(() => buildStack({ context: { mailDomain: "other.example" } })).toThrow(/is not in other.example/);
  });

  it("refuses a data directory without the UK reference data", () => {
    expect(() => buildStack({ context: { dataDir: "/nonexistent" } })).toThrow(
      /does not contain regions.csv/,
    );
  });
});
