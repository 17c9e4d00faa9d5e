/** The encrypted SNS topic every alarm of a stage notifies (and the budget), with its email subscribers. */
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** The encrypted topic every alarm of a stage notifies, with its email subscriptions. */
export function alarmTopic(
  scope: Construct,
  alarmEmails: readonly string[],
  /** Where an alarm email SNS could not deliver is kept (an alarmed queue). */
  undelivered?: IQueue,
): Topic {
  const key = new Key(scope, "AlarmTopicKey", {
    description: "Encrypts the alarm topic; CloudWatch alarms and AWS Budgets may use it to publish",
    enableKeyRotation: true,
  });
  // CloudWatch alarms and AWS Budgets publish to an encrypted topic only with a customer managed
  // key whose policy lets them (the AWS managed SNS key cannot).
  for (const service of ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]) {
    key.grant(new ServicePrincipal(service), "kms:Decrypt", "kms:GenerateDataKey*");
  }
  const topic = new Topic(scope, "AlarmTopic", {
    displayName: "Petitions alarms",
    masterKey: key,
    enforceSSL: true,
  });
  topic.grantPublish(new ServicePrincipal("budgets.amazonaws.com"));
  for (const email of alarmEmails) {
    topic.addSubscription(new EmailSubscription(email, undelivered ? { deadLetterQueue: undelivered } : {}));
  }
  return topic;
}
