/**
 * CloudFront in front of the HTTP API: the service's public URL. Nothing is cached unless the
 * handler says so with Cache-Control (default TTL 0).
 *
 * - The public reads that answer with a freshness (EDGE_CACHED, edge-cache.ts) each have their
 *   own cache behavior whose key holds only the query parameters that route's zod schema reads, so
 *   `?x=random` is the same cached object and cannot reach the origin. Everything else (pages,
 *   writes, links with tokens) goes through the default behavior: all query strings and the
 *   Authorization header in the key, never cookies, so pages that depend on a cookie must answer
 *   `Cache-Control: private` or `no-store` (they do: shared/web/render.ts).
 *   The pages that answer `Cache-Control: public` keep only the query parameters they read before
 *   the cache key is computed (a viewer-request CloudFront Function, EDGE_PAGES in edge-pages.ts).
 * - The origin request policy forwards CloudFront's own `CloudFront-Viewer-Address` (the viewer's
 *   address as the edge saw it) and what the API reads, never the Host header (API Gateway routes
 *   on its own host name).
 * - Every origin request carries the origin secret (`x-origin-verify`) from Secrets Manager, so
 *   the functions can refuse requests that did not come through this distribution.
 * - Origin Shield in one region collapses the edge locations' misses into one origin request.
 *
 * /assets/* (GOV.UK Frontend's CSS and JS without its font, and the service's app.css and app.js:
 * the list in shared/web/assets.ts, which the local engine serves too) comes from a private S3
 * bucket through origin access control.
 */
import { Duration, Fn, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  FunctionEventType,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { ORIGIN_SECRET_HEADER } from "../../shared/edge.ts";
import { buildAssets } from "../../shared/web/assets.ts";
import { cachedReadBehaviors } from "./edge-cache.ts";
import { pageQueryFunction } from "./edge-pages.ts";
import { nagEnvironment } from "./nag-names.ts";

export { EDGE_CACHED, type EdgeCachedRoutes, queryNames } from "./edge-cache.ts";
export { EDGE_PAGES, pageQueryCode } from "./edge-pages.ts";

/** The viewer headers the API reads; CloudFront adds X-Forwarded-For and CloudFront-Viewer-Address. */
export const FORWARDED_VIEWER_HEADERS = ["Accept", "Content-Type", "Origin", "Referer", "User-Agent"];
export const VIEWER_ADDRESS = "CloudFront-Viewer-Address";

/** Origin Shield's region when the stack's own is not known at synth time. */
export const DEFAULT_ORIGIN_SHIELD_REGION = "eu-west-2";

export interface CdnProps {
  /** The HTTP API endpoint (`https://<id>.execute-api.<region>.amazonaws.com`). */
  apiEndpoint: string;
  /** Custom domain and its ACM certificate (us-east-1), when the service has one. */
  customDomain?: { domainName: string; certificateArn: string };
  /** Origin Shield's region: the one nearest the API (a region with Origin Shield). */
  originShieldRegion: string;
  /** ARN of the AWS WAF web ACL (CLOUDFRONT scope, us-east-1) to attach, if any. */
  webAclArn?: string;
}

export class Cdn extends Construct {
  readonly distribution: Distribution;
  readonly assets: Bucket;
  /** `https://<distribution>.cloudfront.net` (no trailing slash). */
  readonly url: string;
  /**
   * The origin secret: generated at deploy, sent by CloudFront as `x-origin-verify` on every
   * origin request. Rotate: put a new value, then redeploy (README "Operate").
   */
  readonly originSecret: Secret;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    this.originSecret = new Secret(this, "OriginSecret", {
      description: `Sent by CloudFront as ${ORIGIN_SECRET_HEADER}; requests without it are refused`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotation is an operator step (put a new value, redeploy so CloudFront sends it; the functions accept AWSCURRENT and AWSPREVIOUS): no rotation Lambda can update CloudFront's custom header.",
    });
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split("/", props.apiEndpoint)), {
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      originShieldEnabled: true,
      originShieldRegion: props.originShieldRegion,
      // A CloudFormation dynamic reference: resolved at deploy, never written into the template.
      customHeaders: { [ORIGIN_SECRET_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
    });
    const originRequestPolicy = new OriginRequestPolicy(this, "ApiOriginRequestPolicy", {
      comment: "Petitions API: the viewer's address and what the API reads; never Host",
      headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_VIEWER_HEADERS, VIEWER_ADDRESS),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });
    // Cached reads get only what is in their cache key, plus the viewer's address.
    const cachedReadRequestPolicy = new OriginRequestPolicy(this, "CachedReadOriginRequestPolicy", {
      comment: "Petitions cached reads: the viewer's address; query strings only as in the cache key",
      headerBehavior: OriginRequestHeaderBehavior.allowList(VIEWER_ADDRESS),
      cookieBehavior: OriginRequestCookieBehavior.none(),
      queryStringBehavior: OriginRequestQueryStringBehavior.none(),
    });
    const cachePolicy = new CachePolicy(this, "ApiCachePolicy", {
      comment: "Petitions API: cache only what the origin marks cacheable",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: CacheHeaderBehavior.allowList("Authorization"),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    this.assets = new Bucket(this, "Assets", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only built files live here; a deploy rewrites them, so a retained bucket loses nothing.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.assets).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "The bucket holds only public static assets (CSS and JS) that CloudFront serves; access logs would add nothing but viewer data.",
    });
    this.distribution = new Distribution(this, "Distribution", {
      comment: "Petitions service",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: apiOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        originRequestPolicy,
        compress: true,
        functionAssociations: [
          { function: pageQueryFunction(this), eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        ...cachedReadBehaviors(this, apiOrigin, cachedReadRequestPolicy),
        "/assets/*": {
          origin: S3BucketOrigin.withOriginAccessControl(this.assets),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          compress: true,
        },
      },
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: Certificate.fromCertificateArn(
              this,
              "Certificate",
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.url = `https://${this.distribution.distributionDomainName}`;
    new BucketDeployment(this, "DeployAssets", {
      sources: buildAssets().map((asset) => Source.data(asset.key, asset.body)),
      destinationBucket: this.assets,
      destinationKeyPrefix: "assets/",
      cacheControl: [CacheControl.fromString("public, max-age=300")],
      distribution: this.distribution,
      distributionPaths: ["/assets/*"],
      memoryLimit: 256,
    });
    // The copying function is a stack-level singleton of aws-cdk-lib; its findings are its own.
    const copier = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith("Custom::CDKBucketDeployment"),
    );
    const env = nagEnvironment(this);
    const iam5 = [
      "Action::s3:GetBucket*",
      "Action::s3:GetObject*",
      "Action::s3:List*",
      "Action::s3:Abort*",
      "Action::s3:DeleteObject*",
      `Resource::arn:${env.partition}:s3:::cdk-hnb659fds-assets-${env.account}-${env.region}/*`,
      `Resource::<${Stack.of(this).getLogicalId(this.assets.node.defaultChild as CfnBucket)}.Arn>/*`,
      "Resource::*",
    ];
    if (copier) {
      Validations.of(copier).acknowledge(
        {
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "The CDK asset-deployment function's managed basic execution policy only writes its own logs.",
        },
        ...iam5.map((finding) => ({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason:
            "The CDK asset-deployment function (aws-cdk-lib's own grant) reads the CDK staging bucket, writes the assets bucket and invalidates /assets/* of this distribution; nothing else.",
        })),
        {
          id: "AwsSolutions-L1",
          reason:
            "The runtime of the CDK-provided asset-deployment function is chosen by aws-cdk-lib, not by this project.",
        },
        {
          id: "Serverless-LambdaLatestVersion",
          reason:
            "The runtime of the CDK-provided asset-deployment function is chosen by aws-cdk-lib, not by this project.",
        },
        {
          id: "Serverless-LambdaDLQ",
          reason:
            "The asset-deployment function runs only as a CloudFormation custom resource: a failure fails the deployment, which CloudFormation reports and rolls back; there is no event to keep.",
        },
        {
          id: "Serverless-LambdaTracing",
          reason:
            "The asset-deployment function runs only during a deployment and is configured by aws-cdk-lib; its failures surface as CloudFormation events, with its logs.",
        },
      );
    }
  }
}
