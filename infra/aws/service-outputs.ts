/** The service stack's outputs: what an operator, the pipeline and the CloudFront alarm read after a deploy. */
import { CfnOutput } from "aws-cdk-lib";
import type { PetitionsStack } from "./petitions-stack.ts";

export function addServiceOutputs(stack: PetitionsStack): void {
  new CfnOutput(stack, "ApiUrl", { value: stack.httpApi.url, description: "HTTP API invoke URL" });
  new CfnOutput(stack, "PublicUrl", { value: stack.publicUrl, description: "The service's public URL" });
  new CfnOutput(stack, "UserPoolId", { value: stack.staffAuth.userPool.userPoolId });
  new CfnOutput(stack, "UserPoolClientId", { value: stack.staffAuth.client.userPoolClientId });
  new CfnOutput(stack, "StaffSignInDomain", { value: stack.staffAuth.domain.baseUrl() });
  new CfnOutput(stack, "TableName", { value: stack.table.tableName });
  new CfnOutput(stack, "DeadLetterQueueUrl", { value: stack.deadLetterQueue.queueUrl });
  new CfnOutput(stack, "DistributionId", {
    value: stack.cdn.distribution.distributionId,
    description: "The CloudFront distribution (its us-east-1 alarm stack reads it)",
  });
  new CfnOutput(stack, "AlarmTopicArn", { value: stack.alarmTopic.topicArn });
  new CfnOutput(stack, "BackupVaultName", { value: stack.backups.vault.backupVaultName });
}
