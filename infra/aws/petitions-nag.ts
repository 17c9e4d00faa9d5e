/**
 * The service stack's cdk-nag findings (AwsSolutions and ServerlessChecks) that are accepted by
 * design, each with its reason. Constructs with findings of their own (routes, the CDN, the
 * assets copier) acknowledge them where they are built.
 */
import { Validations } from "aws-cdk-lib";
import type { CfnTable } from "aws-cdk-lib/aws-dynamodb";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { FunctionSpec } from "../../shared/topology-types.ts";
import type { PetitionsStack } from "./petitions-stack.ts";

/** A queue that is itself where failures end: it needs no dead-letter queue of its own. */
export function acknowledgeFinalQueue(queue: IQueue, reason: string): void {
  Validations.of(queue).acknowledge(
    { id: "AwsSolutions-SQS3", reason },
    { id: "Serverless-SQSRedrivePolicy", reason },
  );
}

/** cdk-nag AwsSolutions findings that are accepted by design, each with its reason. */
export function acknowledgeNagFindings(stack: PetitionsStack, specs: readonly FunctionSpec[]): void {
  const tableLogicalId = stack.getLogicalId(stack.table.node.defaultChild as CfnTable);
  Validations.of(stack).acknowledge(
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
    const fn = stack.functions.get(spec.name);
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
      Validations.of(stack).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason: `EventBridge Scheduler's role may invoke the versions and aliases of its one target function, ${spec.name}.`,
      });
    }
  }
  Validations.of(stack.hashKey).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The hash key is rotated by adding a key for petitions from a given id (docs/edge.md), never replaced on a timer: a replaced key would stop open petitions recognising their signers.",
  });
  acknowledgeFinalQueue(
    stack.deadLetterQueue,
    "This queue is itself the dead-letter destination of the stream event sources and schedules.",
  );
  for (const canary of stack.canaries.values()) {
    Validations.of(canary.deploymentGroup).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
      reason:
        "CodeDeploy's managed policy for Lambda deployments: it reads alarms, shifts the alias's traffic weights and may invoke only hook functions named CodeDeployHook_*.",
    });
  }
  if (stack.encryptionKey) {
    Validations.of(stack).acknowledge(
      ...["Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*"].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "The table grant's use of the stage's one customer-managed table key (encrypting items and the stream); no other key is reachable.",
      })),
    );
  }
  Validations.of(stack.backups).acknowledge({
    id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]",
    reason:
      "AWS Backup's managed service policy, assumed by AWS Backup only, to back up the resources of this plan's selection (the table).",
  });
  acknowledgeFinalQueue(
    stack.scheduledFailureQueue,
    "This queue is itself the on-failure destination of the scheduled functions' asynchronous runs.",
  );
  Validations.of(stack.cdn).acknowledge(
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
