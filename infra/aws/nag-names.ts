/**
 * How cdk-nag names a resource in a finding: a partition, Region or account the stack knows is
 * written as it is, an unknown one as `<AWS::...>`. Acknowledgements that name a resource build
 * its name with these, so they hold for environment-agnostic and environment-bound stacks alike.
 */
import { Stack, Token } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

export function nagEnvironment(scope: IConstruct): { partition: string; region: string; account: string } {
  const stack = Stack.of(scope);
  const known = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
  return {
    partition: known(stack.partition, "<AWS::Partition>"),
    region: known(stack.region, "<AWS::Region>"),
    account: known(stack.account, "<AWS::AccountId>"),
  };
}
