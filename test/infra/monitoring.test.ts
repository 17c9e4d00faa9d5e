/**
 * Alarms that reach someone, each with its runbook; the dashboard reads the registry's metrics;
 * every function is traced. Every alarm in the template is held to this, whoever added it.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../infra/aws/config.ts";
import { EdgeAlarmsStack, FUNCTION_GROUPS, groupOf, THRESHOLDS } from "../../infra/aws/monitoring.ts";
import { stages } from "../../infra/aws/stages.ts";
import { METRIC_NAMESPACE, METRICS } from "../../shared/metrics.ts";
import { topology } from "../../shared/topology.ts";
import { cleanupAssemblies, synthTemplate } from "../support/cdk.ts";

afterAll(cleanupAssemblies);

type Resource = { Type: string; Properties: Record<string, unknown> };
interface MetricStat {
  Metric: { MetricName: string; Namespace: string; Dimensions?: { Name: string; Value: unknown }[] };
  Stat: string;
}
interface AlarmProps {
  AlarmDescription?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  MetricName?: string;
  Namespace?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  ExtendedStatistic?: string;
  Threshold?: number;
  Metrics?: { Id: string; Expression?: string; MetricStat?: MetricStat }[];
}

// Staging is production-shaped and names its alarm recipients (infra/aws/stages.ts).
const EMAILS = stages.staging.alarmEmails;
const { stack, template } = synthTemplate({ context: { stage: "staging" } });
const alarms = Object.entries(template.findResources("AWS::CloudWatch::Alarm")).map(([id, r]) => ({
  id,
  props: (r as Resource).Properties as AlarmProps,
}));
const topicRef = { Ref: stack.getLogicalId(stack.monitoring.topic.node.defaultChild as never) };

/** The metric names an alarm reads, directly or through metric math. */
const metricNamesOf = (alarm: AlarmProps) =>
  alarm.MetricName
    ? [alarm.MetricName]
    : (alarm.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric.MetricName ?? []);
const readingMetric = (name: string) => alarms.filter((a) => metricNamesOf(a.props).includes(name));
const functionRefsOf = (alarm: AlarmProps) =>
  (alarm.Metrics ?? []).flatMap((m) =>
    (m.MetricStat?.Metric.Dimensions ?? [])
      .filter((d) => d.Name === "FunctionName")
      .map((d) => JSON.stringify(d.Value)),
  );
const functionRef = (name: string) => {
  const ids = Object.keys(template.findResources("AWS::Lambda::Function")).filter((id) =>
    new RegExp(`^${name}[0-9A-F]{8}$`).test(id),
  );
  expect(ids, name).toHaveLength(1);
  return JSON.stringify({ Ref: ids[0] });
};

describe("alarms", () => {
  it("every alarm notifies the stage's topic on alarm and on OK", () => {
    expect(alarms.length).toBeGreaterThan(15);
    for (const { id, props } of alarms) {
      expect(props.AlarmActions, `${id} AlarmActions`).toContainEqual(topicRef);
      expect(props.OKActions, `${id} OKActions`).toContainEqual(topicRef);
    }
  });

  it("every alarm links to a runbook that exists and says what to do", () => {
    for (const { id, props } of alarms) {
      const link = /docs\/runbooks\/([a-z0-9-]+\.md)/.exec(props.AlarmDescription ?? "");
      expect(link, `${id} has no runbook link`).not.toBeNull();
      const file = resolve(projectRoot, "docs/runbooks", link?.[1] ?? "");
      expect(existsSync(file), `${id}: ${file}`).toBe(true);
      const text = readFileSync(file, "utf8");
      for (const section of [
        "What it means",
        "What to look at first",
        "Fix or mitigate",
        "When to escalate",
      ]) {
        expect(text, `${file}: ${section}`).toContain(`## ${section}`);
      }
    }
  });

  it("the topic is encrypted with a key CloudWatch may use, and each recipient is subscribed", () => {
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    for (const email of EMAILS) {
      template.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "email",
        Endpoint: email,
        TopicArn: topicRef,
      });
    }
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: Match.arrayWith(["cloudwatch.amazonaws.com"]) },
            Action: Match.arrayWith(["kms:Decrypt", "kms:GenerateDataKey*"]),
            Effect: "Allow",
          }),
        ]),
      },
    });
  });

  it("watches errors and throttles of every function, by group", () => {
    for (const metric of ["Errors", "Throttles"]) {
      const watched = new Set(readingMetric(metric).flatMap((a) => functionRefsOf(a.props)));
      for (const spec of topology)
        expect(watched, `${metric} of ${spec.name}`).toContain(functionRef(spec.name));
    }
    const groups = new Set(topology.map(groupOf));
    for (const group of groups) {
      const name = group[0]?.toUpperCase() + group.slice(1);
      expect(
        alarms.some((a) => a.id.startsWith(`Monitoring${name}Errors`)),
        `${FUNCTION_GROUPS[group]} errors`,
      ).toBe(true);
    }
  });

  it("watches the iterator age of every stream consumer, the counter and the mailers among them", () => {
    const streams = topology.filter((spec) => spec.stream);
    expect(streams.map((s) => s.name)).toEqual(
      expect.arrayContaining(["CountSignatures", "MergeCounts", "SendMail", "MailJobs"]),
    );
    const ages = readingMetric("IteratorAge");
    for (const spec of streams) {
      const ref = functionRef(spec.name);
      expect(
        ages.some((a) => a.props.Dimensions?.some((d) => JSON.stringify(d.Value) === ref)),
        spec.name,
      ).toBe(true);
    }
  });

  it("has the named alarm kinds with their thresholds", () => {
    // The dead-letter queue's depth, and the scheduled-failure queue's.
    expect(readingMetric("ApproximateNumberOfMessagesVisible")).toHaveLength(2);
    const api5xx = readingMetric("5xx");
    expect(api5xx).toHaveLength(1);
    expect(metricNamesOf(api5xx[0]?.props ?? {})).toContain("Count");
    expect(readingMetric("Latency").map((a) => a.props.ExtendedStatistic)).toEqual(["p99"]);
    expect(readingMetric("ThrottledRequests").length).toBe(1);
    expect(readingMetric("SystemErrors").length).toBe(1);
    expect(readingMetric("Reputation.BounceRate").map((a) => a.props.Threshold)).toEqual([0.02]);
    expect(readingMetric("Reputation.ComplaintRate").map((a) => a.props.Threshold)).toEqual([0.0005]);
    for (const name of ["MailJobStalled", "CountDriftCorrected", "CounterBatchFailed"]) {
      const found = readingMetric(name);
      expect(found, name).toHaveLength(1);
      expect(found[0]?.props).toMatchObject({ Namespace: METRIC_NAMESPACE, Threshold: 1 });
      expect(found[0]?.props.Dimensions).toEqual([{ Name: "service", Value: "petitions" }]);
    }
  });

  it("links runbooks to the repository when its URL is given", () => {
    const { template: linked } = synthTemplate({
      runbookBaseUrl: "https://github.com/example/petitions/blob/main/",
    });
    linked.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmDescription: Match.stringLikeRegexp(
        "Runbook: https://github\\.com/example/petitions/blob/main/docs/runbooks/mail-job-stalled\\.md",
      ),
    });
  });
});

describe("the CloudFront alarm", () => {
  const expectCloudFrontAlarm = (t: Template) => {
    t.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/CloudFront",
      MetricName: "5xxErrorRate",
      Threshold: THRESHOLDS.cloudFront5xxPercent,
      Dimensions: Match.arrayWith([{ Name: "Region", Value: "Global" }]),
      AlarmActions: Match.anyValue(),
      OKActions: Match.anyValue(),
      AlarmDescription: Match.stringLikeRegexp("docs/runbooks/cloudfront-5xx\\.md"),
    });
  };

  it("is in the stage's stack when it is deployed in us-east-1", () => {
    const { template: east } = synthTemplate({ region: "us-east-1" });
    expectCloudFrontAlarm(east);
  });

  it("is in its own us-east-1 stack, with its own topic and subscribers, otherwise", () => {
    const edge = new EdgeAlarmsStack(new App({ context: { "aws:cdk:bundling-stacks": [] } }), "Edge", {
      alarmEmails: EMAILS,
      distributionId: "E123EXAMPLE",
    });
    expect(edge.region).toBe("us-east-1");
    const t = Template.fromStack(edge);
    expectCloudFrontAlarm(t);
    t.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: EMAILS[0] });
    t.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
  });
});

describe("the dashboard", () => {
  const dashboards = Object.values(template.findResources("AWS::CloudWatch::Dashboard")) as Resource[];
  /** The body's literal text (tokens such as function names left out). */
  const body = dashboards
    .map((d) => d.Properties.DashboardBody as { "Fn::Join": [string, unknown[]] })
    .flatMap((b) => b["Fn::Join"][1].filter((part): part is string => typeof part === "string"))
    .join("");

  it("exists once per stage, without a fixed name", () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBeUndefined();
  });

  it("shows every metric of the registry, from the functions' namespace", () => {
    for (const name of Object.keys(METRICS)) {
      expect(body, name).toContain(`["${METRIC_NAMESPACE}","${name}","service","petitions"`);
    }
    expect(body).toContain('"stat":"p50"');
    expect(body).toContain('"stat":"p99"');
  });

  it("shows API latency and errors, iterator age, table capacity and throttles, SES reputation and CloudFront", () => {
    for (const fragment of [
      '"AWS/ApiGateway","Latency"',
      '"AWS/ApiGateway","5xx"',
      '"AWS/Lambda","Duration"',
      '"AWS/Lambda","IteratorAge"',
      '"AWS/DynamoDB","ConsumedReadCapacityUnits"',
      '"AWS/DynamoDB","ConsumedWriteCapacityUnits"',
      '"AWS/DynamoDB","ThrottledRequests"',
      '"AWS/SES","Reputation.BounceRate"',
      '"AWS/SES","Reputation.ComplaintRate"',
      '"AWS/CloudFront","5xxErrorRate"',
    ]) {
      expect(body, fragment).toContain(fragment);
    }
  });
});

describe("tracing", () => {
  it("every function has X-Ray active tracing", () => {
    const functions = Object.values(template.findResources("AWS::Lambda::Function")) as Resource[];
    const ours = functions.filter((f) =>
      JSON.stringify(f.Properties.Environment ?? {}).includes("POWERTOOLS_SERVICE_NAME"),
    );
    expect(ours).toHaveLength(topology.length);
    for (const fn of ours) expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
  });
});

describe("trending sources", () => {
  it("notify the stage's topic when a source reaches the notifying threshold", () => {
    const [alarm] = readingMetric("TrendingSourceNotified");
    expect(alarm?.props).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      Threshold: 1,
      Dimensions: [{ Name: "service", Value: "petitions" }],
    });
    expect(alarm?.props.AlarmActions).toContainEqual(topicRef);
    expect(alarm?.props.AlarmDescription).toContain("docs/runbooks/trending-source.md");
  });
});
