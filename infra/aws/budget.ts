/**
 * The stage's cost guard: a monthly AWS Budget on actual spend that notifies the alarm topic at
 * 50, 80 and 100 % of the stage's amount.
 */
import { Stack } from "aws-cdk-lib";
import { CfnBudget } from "aws-cdk-lib/aws-budgets";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

export const BUDGET_ALERT_PERCENTAGES = [50, 80, 100] as const;

export interface CostBudgetProps {
  /** Where the alerts go. */
  topic: ITopic;
  /** The monthly amount in US dollars. */
  monthlyUsd: number;
}

export class CostBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: CostBudgetProps) {
    super(scope, id);
    const { topic } = props;
    const budgets = new ServicePrincipal("budgets.amazonaws.com");
    // AWS Budgets publishes to SNS under its service principal; the topic must allow it.
    topic.addToResourcePolicy(
      new PolicyStatement({
        actions: ["sns:Publish"],
        principals: [budgets],
        resources: [topic.topicArn],
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    );
    topic.masterKey?.grant(budgets, "kms:Decrypt", "kms:GenerateDataKey*");

    this.budget = new CfnBudget(this, "Budget", {
      budget: {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        budgetLimit: { amount: props.monthlyUsd, unit: "USD" },
      },
      notificationsWithSubscribers: BUDGET_ALERT_PERCENTAGES.map((threshold) => ({
        notification: {
          notificationType: "ACTUAL",
          comparisonOperator: "GREATER_THAN",
          threshold,
          thresholdType: "PERCENTAGE",
        },
        subscribers: [{ subscriptionType: "SNS", address: topic.topicArn }],
      })),
    });
  }
}
