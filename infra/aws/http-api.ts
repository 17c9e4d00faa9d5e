/**
 * The HTTP API: an explicit `$default` stage with JSON access logs and throttling, one route per
 * topology route, a JWT authorizer (Cognito) on every staff route.
 */
import { Lazy, type NestedStack, RemovalPolicy, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionSpec, HttpRoute as TopologyRoute } from "../../shared/topology-types.ts";
import { room } from "./rooms.ts";

export const THROTTLE = { rateLimit: 5000, burstLimit: 10000 } as const;

/**
 * Access log fields: request facts only. No source IP, user agent or identity: the service keeps
 * no personal data in logs.
 */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
} as const;

/** `METHOD path` as API Gateway writes a route key. */
export const routeKeyOf = (route: { method: string; path: string }) => `${route.method} ${route.path}`;

export class PetitionsHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The nested stack that holds the routes, their integrations and permissions, and the authorizer. */
  readonly routes: NestedStack;
  private authorizer?: HttpJwtAuthorizer;
  private readonly routeOwners = new Map<string, string>();
  private readonly routeThrottles: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.routes = room(this, "routes");
    this.api = new HttpApi(this, "Api", {
      description: "Petitions service",
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeThrottles).length > 0 ? this.routeThrottles : undefined),
    });
  }

  /** The JWT authorizer of staff routes: tokens of `issuer` (Cognito) for one of `audience`. */
  useStaffTokens(issuer: string, audience: string[]): void {
    this.authorizer = new HttpJwtAuthorizer("StaffJwt", issuer, { jwtAudience: audience });
  }

  /** The stage's invoke URL, without a trailing slash. */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /**
   * Adds one route per topology route of `spec`, all integrated with `fn`; its write routes
   * (anything but GET) get `writeThrottle` as their own limit on the stage.
   */
  addFunctionRoutes(
    spec: FunctionSpec,
    fn: IFunction,
    writeThrottle?: { rateLimit: number; burstLimit: number },
  ): HttpRoute[] {
    if (!spec.routes?.length && !spec.defaultRoute) return [];
    // One invoke permission per function for the whole API, not one per route: with a route each
    // (GET, its HEAD twin, every staff page) the routes' stack passed CloudFormation's 500
    // resources. The catch-all keeps its own: its source ARN has no method and path to match.
    const integration = new HttpLambdaIntegration(`${spec.name}Integration`, fn, {
      scopePermissionToRoute: spec.defaultRoute === true,
    });
    const added = withHeadRoutes(spec.routes ?? []).map((route) => {
      const key = routeKeyOf(route);
      const owner = this.routeOwners.get(key);
      if (owner !== undefined) {
        throw new Error(`Route "${key}" is declared by both ${owner} and ${spec.name} in the topology`);
      }
      this.routeOwners.set(key, spec.name);
      if (route.auth !== "public" && this.authorizer === undefined) {
        throw new Error(`Staff route "${key}" needs useStaffTokens() to be called first`);
      }
      const httpRoute = new HttpRoute(this.routes, key, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration,
        ...(route.auth === "public" ? {} : { authorizer: this.authorizer }),
      });
      if (route.auth === "public") {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `"${key}" is a public route of the petitions site (anonymous reading and signing by design); abuse is limited by stage throttling and per-email rate limits in the handlers.`,
        });
      }
      if (writeThrottle && route.method !== "GET" && route.method !== "HEAD") {
        this.routeThrottles[key] = {
          ThrottlingRateLimit: writeThrottle.rateLimit,
          ThrottlingBurstLimit: writeThrottle.burstLimit,
        };
        // A stage's route settings may only name routes that already exist.
        this.stage.node.addDependency(httpRoute);
      }
      return httpRoute;
    });
    if (spec.defaultRoute) {
      // API Gateway's catch-all: whatever no route matches, any method, any path, answered by a
      // page rather than API Gateway's own JSON 404.
      if (this.routeOwners.has(DEFAULT_ROUTE)) {
        throw new Error(
          `The default route is declared by both ${this.routeOwners.get(DEFAULT_ROUTE)} and ${spec.name}`,
        );
      }
      this.routeOwners.set(DEFAULT_ROUTE, spec.name);
      const fallback = new HttpRoute(this.routes, "DefaultRoute", {
        httpApi: this.api,
        routeKey: HttpRouteKey.DEFAULT,
        integration,
      });
      Validations.of(fallback).acknowledge({
        id: "AwsSolutions-APIG4",
        reason: 'The catch-all route answers only "Page not found": it reads nothing and writes nothing.',
      });
      added.push(fallback);
    }
    return added;
  }
}

const DEFAULT_ROUTE = "$default";

/**
 * Every GET route with a HEAD twin: API Gateway routes a request only to a route of its method
 * (or ANY), so without one HEAD would reach the catch-all. The handlers answer HEAD as GET.
 */
export function withHeadRoutes(
  routes: readonly TopologyRoute[],
): (Omit<TopologyRoute, "method"> & { method: TopologyRoute["method"] | "HEAD" })[] {
  return routes.flatMap((route) =>
    route.method === "GET" ? [route, { ...route, method: "HEAD" as const }] : [route],
  );
}
