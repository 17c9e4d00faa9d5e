/**
 * cdk-nag's AwsSolutions and ServerlessChecks packs find nothing unacknowledged, in the stack and
 * in every stage's app (its stacks and its pipeline), and every acknowledgement says why.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { STAGE_NAMES } from "../../infra/aws/stages.ts";
import { buildStack, buildStageApp, cleanupAssemblies } from "../support/cdk.ts";
import { filledIn } from "../support/stages.ts";

afterAll(cleanupAssemblies);

const packs = [
  ["AwsSolutions", () => new AwsSolutionsChecks()],
  ["Serverless", () => new ServerlessChecks()],
] as const;

/**
 * Every rule id the two packs can report, read from the packs' own sources: AwsSolutions rules
 * carry a suffix override (IAM4...), Serverless rules are named after their rule module.
 */
const knownRules: ReadonlySet<string> = (() => {
  const packsDir = resolve(dirname(createRequire(import.meta.url).resolve("cdk-nag")), "packs");
  const source = (file: string) => readFileSync(resolve(packsDir, file), "utf8");
  const aws = [...source("aws-solutions.js").matchAll(/ruleSuffixOverride: '([A-Za-z0-9]+)'/g)].map(
    (m) => `AwsSolutions-${m[1]}`,
  );
  const serverless = [...source("serverless.js").matchAll(/rule: [a-z0-9_]+\.([A-Za-z0-9]+),/g)].map(
    (m) => `Serverless-${m[1]}`,
  );
  return new Set([...aws, ...serverless]);
})();

/** `Annotation::AwsSolutions-IAM5[Resource::*]` -> `AwsSolutions-IAM5`. */
const ruleOf = (id: string) => id.replace(/^Annotation::/, "").replace(/\[.*\]$/, "");

function expectRealAcknowledgement({ path, id, reason }: { path: string; id: string; reason: string }): void {
  expect(reason.trim().length, `${id} on ${path}`).toBeGreaterThan(30);
  expect(knownRules.has(ruleOf(id)), `${id} on ${path} names no rule of the packs`).toBe(true);
}

function unacknowledged(scope: IConstruct, pack: () => AwsSolutionsChecks | ServerlessChecks): string[] {
  const result = pack().validateScope(scope);
  return result.violations.map(
    (violation) =>
      `${violation.ruleName} (${violation.severity}): ${violation.violatingResources.map((r) => r.constructPath).join(", ")}`,
  );
}

function acknowledgementsOf(scope: IConstruct) {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );
}

describe.each([
  ["the service stack", (built: ReturnType<typeof buildStack>) => built.stack],
  ["the edge firewall stack", (built: ReturnType<typeof buildStack>) => built.waf],
])("cdk-nag on %s", (_, pick) => {
  const built = buildStack();
  // Synthesis adds the cross-region reference readers and writers: check them too.
  built.app.synth();
  const stack = pick(built);

  it.each(packs)("%s: reports no unacknowledged finding in the stack", (_, pack) => {
    expect(unacknowledged(stack, pack)).toEqual([]);
  });

  it("knows the packs' rules", () => {
    for (const rule of [
      "AwsSolutions-IAM4",
      "AwsSolutions-IAM5",
      "AwsSolutions-CFR1",
      "Serverless-LambdaDLQ",
    ]) {
      expect(knownRules.has(rule), rule).toBe(true);
    }
    expect(knownRules.has("AwsSolutions-WAF0")).toBe(false);
  });

  it("gives every acknowledgement a real reason, for a rule of a pack in use", () => {
    const acknowledgements = acknowledgementsOf(stack);
    if (stack === built.stack) expect(acknowledgements.length).toBeGreaterThan(0);
    for (const acknowledgement of acknowledgements) expectRealAcknowledgement(acknowledgement);
  });
});

describe.each(STAGE_NAMES)("stage %s", (name) => {
  const built = buildStageApp(name, { stages: filledIn });
  const stacks = [
    ...built.deploys.flatMap((stage) => [
      stage.stack,
      stage.waf,
      ...(stage.edgeAlarms ? [stage.edgeAlarms] : []),
    ]),
    built.pipeline,
    // CodePipeline's support stack for the us-east-1 deploy (its replication bucket).
    ...Object.values(built.pipeline.pipeline.pipeline.crossRegionSupport).map((support) => support.stack),
  ];

  it.each(packs)("%s: reports no unacknowledged finding in any stack of the app", (_, pack) => {
    expect(stacks.flatMap((scope) => unacknowledged(scope, pack))).toEqual([]);
  });

  it("acknowledges only rules of the packs in use, each with a reason", () => {
    for (const acknowledgement of stacks.flatMap(acknowledgementsOf))
      expectRealAcknowledgement(acknowledgement);
  });
});
