/**
 * The edge: CloudFront's cache keys hold only the query parameters each cached route or cacheable
 * page reads (the pages through a viewer-request function on the default behavior), the
 * origin request carries the viewer's address and the origin secret, Origin Shield is on, and
 * the AWS WAF web ACL (us-east-1) is attached with its managed rule groups and rate rules.
 */
import type { CfnElement } from "aws-cdk-lib";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeContracts } from "../../functions/contracts.ts";
import { EDGE_CACHED, EDGE_PAGES, pageQueryCode, queryNames, VIEWER_ADDRESS } from "../../infra/aws/cdn.ts";
import type { PetitionsStack } from "../../infra/aws/petitions-stack.ts";
import { checkWafSettings, DEFAULT_WAF_SETTINGS, MANAGED_RULE_GROUPS } from "../../infra/aws/waf.ts";
import { routeKey } from "../../shared/http/contract.ts";
import { listQuerySchema } from "../../shared/petitions/listing.ts";
import { topology } from "../../shared/topology.ts";
import * as z from "../../shared/zod.ts";
import { cleanupAssemblies, synthTemplate, TEST_REGION } from "../support/cdk.ts";
import { testSigner } from "../support/contracts.ts";

afterAll(cleanupAssemblies);

/** Synthesising both stacks takes seconds, more on a busy machine. */
const SYNTH_TIMEOUT_MS = 120_000;

type Resource = { Type: string; Properties: Record<string, unknown> };
type DistributionConfig = {
  DefaultCacheBehavior: Record<string, unknown>;
  CacheBehaviors: {
    PathPattern: string;
    CachePolicyId: { Ref: string };
    OriginRequestPolicyId?: { Ref: string };
  }[];
  Origins: Record<string, unknown>[];
  WebACLId?: unknown;
};

function only(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(entries, type).toHaveLength(1);
  return entries[0] as [string, Resource];
}

describe("edge cache allow lists", () => {
  const routes = new Map(
    topology.flatMap((spec) => (spec.routes ?? []).map((r) => [routeKey(r), r] as const)),
  );

  const contracts = new Map(routeContracts({ signer: testSigner() }).map((c) => [c.route, c] as const));

  it.each(EDGE_CACHED.map((entry) => [entry.pattern, entry] as const))(
    "%s: each route is a public GET whose documented query schema has exactly the allow list",
    (_, entry) => {
      for (const key of entry.routes) {
        const route = routes.get(key);
        expect(route, `${key} in the topology`).toBeDefined();
        expect(route?.method).toBe("GET");
        expect(route?.auth).toBe("public");
        const query = contracts.get(key)?.query;
        const names = query ? queryNames(query as z.ZodMiniObject) : [];
        expect([...entry.query], key).toEqual(names);
      }
    },
  );

  it("stays within CloudFront's quota of 10 query strings per cache policy", () => {
    for (const entry of EDGE_CACHED) expect(entry.query.length).toBeLessThanOrEqual(10);
  });

  it.each(EDGE_PAGES.map((page) => [page.route, page] as const))(
    "%s (a cacheable page): a public GET whose allow list is the query its page reads",
    (key, page) => {
      expect(routes.get(key)?.method, key).toBe("GET");
      expect(routes.get(key)?.auth ?? "public", key).toBe("public");
      const query = contracts.get(key)?.query;
      // The list page takes any query and reads the JSON list's schema from it.
      const read =
        query instanceof z.ZodMiniObject ? queryNames(query) : query ? queryNames(listQuerySchema) : [];
      expect([...page.query], key).toEqual(read);
    },
  );
});

describe("the cacheable pages' viewer-request function", () => {
  type Query = Record<string, { value: string }>;
  type Request = { method: string; uri: string; querystring: Query };
  const handler = new Function(`${pageQueryCode()}\nreturn handler;`)() as (event: {
    request: Request;
  }) => Request;

  /** What reaches the cache key: the query parameter names kept for a request. */
  function kept(method: string, address: string): string[] {
    const url = new URL(address, "https://petitions.example.org");
    const querystring: Query = {};
    for (const [name, value] of url.searchParams) querystring[name] = { value };
    return Object.keys(handler({ request: { method, uri: url.pathname, querystring } }).querystring).sort();
  }

  it("keeps only the parameters the page reads, whatever else the address carries", () => {
    expect(kept("GET", "/?x=random")).toEqual([]);
    expect(kept("HEAD", "/?x=random")).toEqual([]);
    expect(kept("GET", "/petitions?state=open&q=bees&x=1&utm_source=mail")).toEqual(["q", "state"]);
    expect(kept("GET", "/petitions/123?x=random")).toEqual([]);
    expect(kept("GET", "/petitions/123/gathering-support?x=1")).toEqual([]);
    expect(kept("GET", "/help/privacy?x=1")).toEqual([]);
    expect(kept("GET", "/petitions/local?postcode=SW1A1AA&x=1")).toEqual(["postcode"]);
    expect(kept("GET", "/petitions/local/cities-of-london-and-westminster/all?x=1")).toEqual([]);
  });

  it("leaves links with tokens, the start flow, other methods and other paths alone", () => {
    expect(kept("GET", "/signatures/1-abc/verify?token=t")).toEqual(["token"]);
    expect(kept("GET", "/petitions/new?return=check")).toEqual(["return"]);
    expect(kept("GET", "/petitions/12/sponsors/new?token=t")).toEqual(["token"]);
    expect(kept("GET", "/staff?queue=open")).toEqual(["queue"]);
    expect(kept("POST", "/petitions?x=1")).toEqual(["x"]);
    expect(kept("GET", "/petitions/abc?x=1")).toEqual(["x"]);
  });
});

describe("CloudFront", () => {
  let template: Template;
  let stack: PetitionsStack;
  let config: DistributionConfig;

  beforeAll(() => {
    ({ template, stack } = synthTemplate());
    config = only(template, "AWS::CloudFront::Distribution")[1].Properties
      .DistributionConfig as DistributionConfig;
  }, SYNTH_TIMEOUT_MS);

  const cachePolicy = (ref: { Ref: string }) =>
    (template.findResources("AWS::CloudFront::CachePolicy")[ref.Ref] as Resource).Properties
      .CachePolicyConfig as {
      ParametersInCacheKeyAndForwardedToOrigin: {
        QueryStringsConfig: { QueryStringBehavior: string; QueryStrings?: string[] };
        HeadersConfig: { HeaderBehavior: string };
        CookiesConfig: { CookieBehavior: string };
      };
    };

  it.each(EDGE_CACHED.map((entry) => [entry.pattern, entry] as const))(
    "%s has its own behavior whose cache key holds only its allow list",
    (pattern, entry) => {
      const behavior = config.CacheBehaviors.find((b) => b.PathPattern === pattern);
      expect(behavior, pattern).toBeDefined();
      const key = cachePolicy(
        behavior?.CachePolicyId as { Ref: string },
      ).ParametersInCacheKeyAndForwardedToOrigin;
      if (entry.query.length === 0) {
        expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: "none" });
      } else {
        expect(key.QueryStringsConfig.QueryStringBehavior).toBe("whitelist");
        expect([...(key.QueryStringsConfig.QueryStrings ?? [])].sort()).toEqual([...entry.query]);
      }
      expect(key.HeadersConfig.HeaderBehavior).toBe("none");
      expect(key.CookiesConfig.CookieBehavior).toBe("none");
      // Nothing outside the cache key reaches the origin but the viewer's address.
      const policy = template.findResources("AWS::CloudFront::OriginRequestPolicy")[
        behavior?.OriginRequestPolicyId?.Ref as string
      ] as Resource;
      expect(policy.Properties.OriginRequestPolicyConfig).toMatchObject({
        QueryStringsConfig: { QueryStringBehavior: "none" },
        CookiesConfig: { CookieBehavior: "none" },
        HeadersConfig: { HeaderBehavior: "whitelist", Headers: [VIEWER_ADDRESS] },
      });
    },
  );

  it("caches the list with state, q, topic, page and count only, and the CSV with state and q only", () => {
    const keyOf = (pattern: string) =>
      cachePolicy(
        config.CacheBehaviors.find((b) => b.PathPattern === pattern)?.CachePolicyId as { Ref: string },
      ).ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStrings?.sort();
    expect(keyOf("/petitions.json")).toEqual(["count", "page", "q", "state", "topic"]);
    expect(keyOf("/petitions.csv")).toEqual(["q", "state"]);
  });

  it("forwards CloudFront-Viewer-Address and never Host on every API behavior", () => {
    const refs = [
      config.DefaultCacheBehavior.OriginRequestPolicyId,
      ...config.CacheBehaviors.filter((b) => b.PathPattern !== "/assets/*").map(
        (b) => b.OriginRequestPolicyId,
      ),
    ] as { Ref: string }[];
    for (const ref of refs) {
      expect(ref?.Ref, "a policy of this stack, not a managed one").toBeDefined();
      const headers = (
        (template.findResources("AWS::CloudFront::OriginRequestPolicy")[ref.Ref] as Resource).Properties
          .OriginRequestPolicyConfig as { HeadersConfig: { HeaderBehavior: string; Headers: string[] } }
      ).HeadersConfig;
      expect(headers.HeaderBehavior).toBe("whitelist");
      expect(headers.Headers).toContain("CloudFront-Viewer-Address");
      expect(headers.Headers.map((h) => h.toLowerCase())).not.toContain("host");
    }
  });

  it("runs the cacheable pages' function on the default behavior's viewer requests, before the cache key", () => {
    const [id, fn] = only(template, "AWS::CloudFront::Function");
    expect(fn.Properties.FunctionCode).toBe(pageQueryCode());
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [id, "FunctionARN"] } },
    ]);
  });

  it("turns Origin Shield on for the API origin, in the stack's region by default", () => {
    const api = config.Origins.find((origin) => "CustomOriginConfig" in origin);
    expect(api?.OriginShield).toEqual({ Enabled: true, OriginShieldRegion: TEST_REGION });
    const { template: other } = synthTemplate({ context: { originShieldRegion: "eu-west-1" } });
    const otherConfig = only(other, "AWS::CloudFront::Distribution")[1].Properties
      .DistributionConfig as DistributionConfig;
    expect(otherConfig.Origins.find((origin) => "CustomOriginConfig" in origin)?.OriginShield).toEqual({
      Enabled: true,
      OriginShieldRegion: "eu-west-1",
    });
  });

  it("adds the origin secret header from Secrets Manager by dynamic reference", () => {
    const secretId = stack.getLogicalId(stack.cdn.originSecret.node.defaultChild as CfnElement);
    const api = config.Origins.find((origin) => "CustomOriginConfig" in origin);
    expect(api?.OriginCustomHeaders).toEqual([
      {
        HeaderName: "x-origin-verify",
        HeaderValue: {
          "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: secretId }, ":SecretString:::}}"]],
        },
      },
    ]);
    template.hasResourceProperties("AWS::SecretsManager::Secret", {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48 }),
    });
  });

  it("gives every function with routes (or the catch-all) the secret's ARN and read access to it, and no other function", () => {
    const secretId = stack.getLogicalId(stack.cdn.originSecret.node.defaultChild as CfnElement);
    const functions = Object.entries(template.findResources("AWS::Lambda::Function")) as [string, Resource][];
    const policies = Object.values(template.findResources("AWS::IAM::Policy")) as Resource[];
    for (const spec of topology) {
      const [id, fn] =
        functions.find(([logicalId]) => new RegExp(`^${spec.name}[0-9A-F]{8}$`).test(logicalId)) ?? [];
      expect(fn, spec.name).toBeDefined();
      const variables = ((fn as Resource).Properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      const roleId = ((fn as Resource).Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
      const reads = policies.some(
        (policy) =>
          JSON.stringify(policy.Properties.Roles).includes(`"Ref":"${roleId}"`) &&
          JSON.stringify(policy.Properties.PolicyDocument).includes("secretsmanager:GetSecretValue") &&
          JSON.stringify(policy.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`),
      );
      // The catch-all page behind API Gateway's $default route is reached through the edge too.
      const routed = (spec.routes?.length ?? 0) > 0 || spec.defaultRoute === true;
      expect(variables.ORIGIN_SECRET_ARN, `${id} ORIGIN_SECRET_ARN`).toEqual(
        routed ? { Ref: secretId } : undefined,
      );
      expect(reads, `${spec.name} reads the origin secret`).toBe(routed);
    }
  });
});

describe("AWS WAF", () => {
  let template: Template;
  let wafTemplate: Template;
  let rules: Record<string, unknown>[];

  beforeAll(() => {
    ({ template, wafTemplate } = synthTemplate());
    rules = only(wafTemplate, "AWS::WAFv2::WebACL")[1].Properties.Rules as Record<string, unknown>[];
  }, SYNTH_TIMEOUT_MS);

  it("is attached to the distribution, read across regions from the us-east-1 stack", () => {
    const [aclId] = only(wafTemplate, "AWS::WAFv2::WebACL");
    wafTemplate.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "CLOUDFRONT",
      DefaultAction: { Allow: {} },
    });
    const config = only(template, "AWS::CloudFront::Distribution")[1].Properties
      .DistributionConfig as DistributionConfig;
    const ref = (config.WebACLId as { "Fn::GetStackOutput": { Region: string; OutputName: string } })[
      "Fn::GetStackOutput"
    ];
    expect(ref.Region).toBe("us-east-1");
    const output = wafTemplate.findOutputs(ref.OutputName)[ref.OutputName] as { Value: unknown };
    expect(output.Value).toEqual({ "Fn::GetAtt": [aclId, "Arn"] });
  });

  it("runs the managed Common, KnownBadInputs and Amazon IP reputation rule groups", () => {
    const groups = rules
      .map(
        (rule) =>
          (rule.Statement as { ManagedRuleGroupStatement?: { VendorName: string; Name: string } })
            .ManagedRuleGroupStatement,
      )
      .filter((group) => group !== undefined);
    expect(groups.map((group) => group.Name).sort()).toEqual([...MANAGED_RULE_GROUPS].sort());
    for (const group of groups) expect(group.VendorName).toBe("AWS");
  });

  it("limits every address, POSTs more tightly, and bodies by size, with the stage's thresholds", () => {
    const byName = (name: string) => rules.find((rule) => rule.Name === name) as Record<string, unknown>;
    expect(byName("RatePerAddress")).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: { Limit: DEFAULT_WAF_SETTINGS.requestsPer5MinPerIp, AggregateKeyType: "IP" },
      },
    });
    expect(byName("PostRatePerAddress")).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: DEFAULT_WAF_SETTINGS.postRequestsPer5MinPerIp,
          AggregateKeyType: "IP",
          ScopeDownStatement: {
            ByteMatchStatement: {
              FieldToMatch: { Method: {} },
              SearchString: "POST",
              PositionalConstraint: "EXACTLY",
            },
          },
        },
      },
    });
    expect(byName("BodyTooLarge")).toMatchObject({
      Action: { Block: {} },
      Statement: {
        SizeConstraintStatement: {
          FieldToMatch: { Body: { OversizeHandling: "MATCH" } },
          ComparisonOperator: "GT",
          Size: DEFAULT_WAF_SETTINGS.maxBodyBytes,
        },
      },
    });
    expect(DEFAULT_WAF_SETTINGS.postRequestsPer5MinPerIp).toBeLessThan(
      DEFAULT_WAF_SETTINGS.requestsPer5MinPerIp,
    );
  });

  it("takes the thresholds as settings and refuses ones WAF would not accept", () => {
    expect(() => checkWafSettings({ ...DEFAULT_WAF_SETTINGS, requestsPer5MinPerIp: 5 })).toThrow(
      /requestsPer5MinPerIp/,
    );
    expect(() => checkWafSettings({ ...DEFAULT_WAF_SETTINGS, maxBodyBytes: 100_000 })).toThrow(
      /maxBodyBytes/,
    );
    expect(() =>
      checkWafSettings({ requestsPer5MinPerIp: 100, postRequestsPer5MinPerIp: 200, maxBodyBytes: 1000 }),
    ).toThrow(/postRequestsPer5MinPerIp/);
  });

  it("logs blocked requests only, to an aws-waf-logs- group, with cookies, authorization, referer, forwarded addresses and query strings redacted", () => {
    const [logsId, logs] = only(wafTemplate, "AWS::Logs::LogGroup");
    expect(logs.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
    const [, logging] = only(wafTemplate, "AWS::WAFv2::LoggingConfiguration");
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(`{"Ref":"${logsId}"}`);
    expect(logging.Properties.RedactedFields).toEqual([
      { SingleHeader: { Name: "cookie" } },
      { SingleHeader: { Name: "authorization" } },
      { SingleHeader: { Name: "referer" } },
      { SingleHeader: { Name: "x-forwarded-for" } },
      { QueryString: {} },
    ]);
    expect(logging.Properties.LoggingFilter).toEqual({
      DefaultBehavior: "DROP",
      Filters: [
        {
          Behavior: "KEEP",
          Requirement: "MEETS_ANY",
          Conditions: [{ ActionCondition: { Action: "BLOCK" } }],
        },
      ],
    });
  });
});
