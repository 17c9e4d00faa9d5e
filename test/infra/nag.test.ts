/**
 * cdk-nag AwsSolutions finds nothing unacknowledged, and every acknowledgement says why.
 */
import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, describe, expect, it } from "vitest";
import { buildStack, cleanupAssemblies } from "../support/cdk.ts";

afterAll(cleanupAssemblies);

describe.each([
  ["the service stack", (built: ReturnType<typeof buildStack>) => built.stack],
  ["the edge firewall stack", (built: ReturnType<typeof buildStack>) => built.waf],
])("cdk-nag AwsSolutions on %s", (_, pick) => {
  const built = buildStack();
  // Synthesis adds the cross-region reference readers and writers: check them too.
  built.app.synth();
  const stack = pick(built);

  it("reports no unacknowledged finding", () => {
    const result = new AwsSolutionsChecks().validateScope(stack);
    const findings = result.violations.map(
      (violation) =>
        `${violation.ruleName} (${violation.severity}): ${violation.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
    expect(result.success).toBe(true);
  });

  it("gives every acknowledgement a real reason", () => {
    const acknowledgements = stack.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
    );
    if (stack === built.stack) expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(reason.trim().length, `${id} on ${path}`).toBeGreaterThan(30);
    }
  });
});
