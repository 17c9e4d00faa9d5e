/**
 * Every stack the app synthesises, nested stacks included, stays well under CloudFormation's 500
 * resources per template in every stage, and the parts that grow with the topology (routes,
 * alarms) are in the service stack's nested stacks, not in the service stack itself.
 */
import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { afterAll, describe, expect, it } from "vitest";
import {
  CLOUDFORMATION_OUTPUT_LIMIT,
  CLOUDFORMATION_PARAMETER_LIMIT,
  CLOUDFORMATION_RESOURCE_LIMIT,
  RESOURCE_BUDGET,
} from "../../infra/aws/rooms.ts";
import { STAGE_NAMES } from "../../infra/aws/stages.ts";
import { topology } from "../../shared/topology.ts";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import { buildStack, buildStageApp, cleanupAssemblies, templateWithNested } from "../support/cdk.ts";
import { filledIn } from "../support/stages.ts";

afterAll(cleanupAssemblies);

const countOf = (stack: Stack, section: "Resources" | "Parameters" | "Outputs") =>
  Object.keys(Template.fromStack(stack).toJSON()[section] ?? {}).length;
const resourceCount = (stack: Stack) => countOf(stack, "Resources");

describe.each(STAGE_NAMES)("stage %s", (name) => {
  const built = buildStageApp(name, { stages: filledIn });
  // Synthesis adds the pipeline's cross-region support stacks: count them too.
  built.app.synth();
  const stacks = built.app.node.findAll().filter((c): c is Stack => Stack.isStack(c));

  it(`every stack, nested ones included, declares at most ${RESOURCE_BUDGET} resources`, () => {
    expect(RESOURCE_BUDGET).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
    expect(stacks.filter((stack) => stack.nestedStackParent).length).toBeGreaterThanOrEqual(2);
    for (const stack of stacks) {
      expect(resourceCount(stack), stack.node.path).toBeLessThanOrEqual(RESOURCE_BUDGET);
    }
  });

  // CDK passes values between a stack and its nested stacks as parameters and outputs.
  it("every stack stays within CloudFormation's parameters and outputs per template", () => {
    for (const stack of stacks) {
      expect(countOf(stack, "Parameters"), stack.node.path).toBeLessThanOrEqual(
        CLOUDFORMATION_PARAMETER_LIMIT,
      );
      expect(countOf(stack, "Outputs"), stack.node.path).toBeLessThanOrEqual(CLOUDFORMATION_OUTPUT_LIMIT);
    }
  });

  it("keeps the routes and the monitoring in nested stacks, out of the service stack", () => {
    for (const { stack } of built.deploys) {
      const own = Template.fromStack(stack);
      const whole = templateWithNested(stack);
      for (const type of [
        "AWS::ApiGatewayV2::Route",
        "AWS::ApiGatewayV2::Integration",
        "AWS::CloudWatch::Dashboard",
      ]) {
        expect(Object.keys(own.findResources(type)), `${type} in ${stack.node.path}`).toEqual([]);
        expect(Object.keys(whole.findResources(type)).length, type).toBeGreaterThan(0);
      }
      // Only the canaries' own alarms stay with their aliases and deployment groups.
      expect(Object.keys(own.findResources("AWS::CloudWatch::Alarm"))).toHaveLength(stack.canaries.size);
      expect(resourceCount(stack), stack.node.path).toBeLessThan(350);
    }
  });
});

describe("room to grow", () => {
  // 20 more functions like the first 20 of the topology (routes with their HEAD twins, triggers,
  // canaries and all), each under its own name and paths.
  const more: FunctionSpec[] = topology.slice(0, 20).map(({ defaultRoute: _, ...spec }) => ({
    ...spec,
    name: `${spec.name}Again`,
    ...(spec.routes
      ? {
          routes: spec.routes.map((route) => ({
            ...route,
            path: route.path === "/" ? "/again" : `/again${route.path}`,
          })),
        }
      : {}),
  }));
  const { app, stack } = buildStack({ context: { stage: "staging" }, topology: [...topology, ...more] });
  app.synth();

  it(`takes 20 more functions with every stack at most ${RESOURCE_BUDGET} resources`, () => {
    const stacks = [
      stack,
      ...stack.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c !== stack),
    ];
    expect(stacks.length).toBeGreaterThanOrEqual(3);
    for (const each of stacks) {
      expect(resourceCount(each), each.node.path).toBeLessThanOrEqual(RESOURCE_BUDGET);
      expect(countOf(each, "Parameters"), each.node.path).toBeLessThanOrEqual(CLOUDFORMATION_PARAMETER_LIMIT);
    }
  });
});
