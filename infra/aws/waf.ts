/**
 * The edge firewall: an AWS WAF web ACL in front of the CloudFront distribution. A web ACL for
 * CloudFront must be created in us-east-1 (CLOUDFRONT scope), so it lives in its own small stack
 * in that region; the service stack reads its ARN through CDK's cross-region references
 * (`crossRegionReferences` on both stacks) and sets it as the distribution's `webAclId`.
 *
 * Rules, in the order WAF evaluates them:
 *  0. AWSManagedRulesAmazonIpReputationList: addresses Amazon threat intelligence lists as bots or
 *     attackers.
 *  1. AWSManagedRulesCommonRuleSet (OWASP-style checks), its own 8 KB body-size rule counted only:
 *     rule 5 sets the service's limit instead.
 *  2. AWSManagedRulesKnownBadInputsRuleSet (Log4j, Java deserialisation, bad hosts...).
 *  3. A per-address rate limit on every request.
 *  4. A tighter per-address rate limit on POST (every write: signing, supporting, starting).
 *  5. Bodies larger than the largest form the service takes are blocked.
 * The address a rate rule counts is the one that connected to CloudFront (WAF's `IP` key).
 *
 * Logs go to a CloudWatch Logs group named `aws-waf-logs-...` (WAF's required prefix) and hold
 * only blocked requests (the logging filter drops the rest). WAF logs always carry the client's
 * IP address; the cookie, authorization, referer and x-forwarded-for headers and the query
 * string (confirmation and unsubscribe tokens) are redacted. Kept 30 days.
 */
import { Arn, ArnFormat, RemovalPolicy, Stack, type StackProps, Token } from "aws-cdk-lib";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { CfnLoggingConfiguration, CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";

/** Per-stage thresholds of the edge firewall. */
export interface WafSettings {
  requestsPer5MinPerIp: number;
  postRequestsPer5MinPerIp: number;
  maxBodyBytes: number;
}

/**
 * Defaults (README "Design notes" says why):
 * - 3,000 requests per 5 minutes per address (10 a second sustained): a page is one request plus
 *   a few cached assets, so this stays far above one person or an office, and still above a
 *   mobile carrier's shared address (CGNAT) carrying many signers of a viral petition.
 * - 300 POSTs per 5 minutes per address: every signature, support and new petition is one POST;
 *   the handlers' own limits (1 per minute, 5 per 5 minutes per address per petition) shadow-ban
 *   an individual long before, so this only stops floods that would otherwise cost Lambda runs.
 * - 16 KB of body: the largest form (start a petition: action, background, details, name, email,
 *   postcode) stays below it even fully percent-encoded; 16 KB is also what WAF inspects of a
 *   CloudFront request body by default, and larger bodies count as matching (blocked).
 */
export const DEFAULT_WAF_SETTINGS: WafSettings = {
  requestsPer5MinPerIp: 3_000,
  postRequestsPer5MinPerIp: 300,
  maxBodyBytes: 16_384,
};

/** WAF's bounds: a rate limit of 10 to 2,000,000,000; CloudFront body inspection of 16 KB by default. */
export function checkWafSettings(settings: WafSettings): WafSettings {
  const problems: string[] = [];
  for (const key of ["requestsPer5MinPerIp", "postRequestsPer5MinPerIp"] as const) {
    const value = settings[key];
    if (!Number.isInteger(value) || value < 10 || value > 2_000_000_000) {
      problems.push(`${key}: ${value} must be a whole number from 10 to 2,000,000,000`);
    }
  }
  if (settings.postRequestsPer5MinPerIp > settings.requestsPer5MinPerIp) {
    problems.push("postRequestsPer5MinPerIp must not exceed requestsPer5MinPerIp");
  }
  if (
    !Number.isInteger(settings.maxBodyBytes) ||
    settings.maxBodyBytes < 1 ||
    settings.maxBodyBytes > 16_384
  ) {
    problems.push(
      `maxBodyBytes: ${settings.maxBodyBytes} must be 1 to 16,384 (what WAF inspects by default)`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid WAF settings:\n  - ${problems.join("\n  - ")}`);
  return settings;
}

export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

export interface EdgeFirewallProps {
  settings: WafSettings;
}

export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const settings = checkWafSettings(props.settings);
    const stack = Stack.of(this);
    const managed = (
      name: (typeof MANAGED_RULE_GROUPS)[number],
      priority: number,
      counted: string[] = [],
    ) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: "AWS",
          name,
          ...(counted.length > 0
            ? { ruleActionOverrides: counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      scope: "CLOUDFRONT",
      description: "Petitions: managed rule groups, per-address rate limits and a body-size limit",
      defaultAction: { allow: {} },
      visibilityConfig: visibility("petitions-edge"),
      rules: [
        managed("AWSManagedRulesAmazonIpReputationList", 0),
        managed("AWSManagedRulesCommonRuleSet", 1, ["SizeRestrictions_BODY"]),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 2),
        {
          name: "RatePerAddress",
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: settings.requestsPer5MinPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility("RatePerAddress"),
        },
        {
          name: "PostRatePerAddress",
          priority: 4,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: settings.postRequestsPer5MinPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { method: {} },
                  positionalConstraint: "EXACTLY",
                  searchString: "POST",
                  textTransformations: [{ priority: 0, type: "NONE" }],
                },
              },
            },
          },
          visibilityConfig: visibility("PostRatePerAddress"),
        },
        {
          name: "BodyTooLarge",
          priority: 5,
          action: { block: {} },
          statement: {
            sizeConstraintStatement: {
              fieldToMatch: { body: { oversizeHandling: "MATCH" } },
              comparisonOperator: "GT",
              size: settings.maxBodyBytes,
              textTransformations: [{ priority: 0, type: "NONE" }],
            },
          },
          visibilityConfig: visibility("BodyTooLarge"),
        },
      ],
    });

    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `aws-waf-logs-${stack.stackName}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnLoggingConfiguration(this, "Logging", {
      resourceArn: this.webAcl.attrArn,
      // WAF takes the log group's ARN without the `:*` suffix.
      logDestinationConfigs: [
        Arn.format(
          {
            service: "logs",
            resource: "log-group",
            resourceName: this.logGroup.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          },
          stack,
        ),
      ],
      redactedFields: [
        { singleHeader: { Name: "cookie" } },
        { singleHeader: { Name: "authorization" } },
        // A page's address can carry a token; a client's own X-Forwarded-For, other addresses.
        { singleHeader: { Name: "referer" } },
        { singleHeader: { Name: "x-forwarded-for" } },
        { queryString: {} },
      ],
      loggingFilter: {
        DefaultBehavior: "DROP",
        Filters: [
          {
            Behavior: "KEEP",
            Requirement: "MEETS_ANY",
            Conditions: [{ ActionCondition: { Action: "BLOCK" } }],
          },
        ],
      },
    });
  }
}

export interface WafStackProps extends StackProps {
  settings?: WafSettings;
}

/** The us-east-1 stack holding the edge firewall; the service stack attaches `webAclArn`. */
export class WafStack extends Stack {
  readonly firewall: EdgeFirewall;
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: WafStackProps = {}) {
    super(scope, id, props);
    if (!Token.isUnresolved(this.region) && this.region !== "us-east-1") {
      throw new Error(`${id}: a web ACL for CloudFront must be in us-east-1, not ${this.region}`);
    }
    this.firewall = new EdgeFirewall(this, "Firewall", { settings: props.settings ?? DEFAULT_WAF_SETTINGS });
    this.webAclArn = this.firewall.webAcl.attrArn;
  }
}
