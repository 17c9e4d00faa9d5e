/**
 * The service stack's nested stacks ("rooms"). CloudFormation allows 500 resources per stack
 * template, and a nested stack counts as one resource of its parent; each room has its own 500.
 * The parts that grow with every route or function and reference the rest only by id or ARN
 * live in rooms: the HTTP API's routes (with their HEAD twins, integrations, invoke permissions
 * and the staff authorizer) and the monitoring (alarms and dashboard). CDK passes what a room
 * reads from the parent as parameters of the nested stack, and what the parent reads from a room
 * as its outputs. The API itself and its stage stay in the parent: CloudFront's origin needs the
 * API's host, the staff sign-in client needs CloudFront's, and the authorizer needs the client,
 * so a room holding the API too would close that circle.
 */
import { NestedStack } from "aws-cdk-lib";
import type { Construct } from "constructs";

/** CloudFormation's documented maximum of resources declared in one template. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;
/** CloudFormation's documented maximum of parameters, and of outputs, in one template. */
export const CLOUDFORMATION_PARAMETER_LIMIT = 200;
export const CLOUDFORMATION_OUTPUT_LIMIT = 200;
/** Where the stack-size test draws the line: room below the limit for about 20 more functions. */
export const RESOURCE_BUDGET = 450;

export const ROOMS = {
  routes: {
    id: "RoutesStack",
    description: "Petitions service: the HTTP API's routes, their integrations and the staff authorizer",
  },
  monitoring: {
    id: "MonitoringStack",
    description: "Petitions service: alarms and the operations dashboard",
  },
} as const;

export function room(scope: Construct, which: keyof typeof ROOMS): NestedStack {
  const { id, description } = ROOMS[which];
  return new NestedStack(scope, id, { description });
}
