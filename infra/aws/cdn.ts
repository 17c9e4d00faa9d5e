/**
 * CloudFront in front of the HTTP API: the service's public URL. Nothing is cached unless the
 * handler says so with Cache-Control (default TTL 0); the cache key holds the query string and the
 * Authorization header, never cookies, so pages that depend on a cookie must answer
 * `Cache-Control: private` or `no-store`.
 */
import { Duration, Fn } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { Construct } from "constructs";

export interface CdnProps {
  /** The HTTP API endpoint (`https://<id>.execute-api.<region>.amazonaws.com`). */
  apiEndpoint: string;
  /** Custom domain and its ACM certificate (us-east-1), when the service has one. */
  customDomain?: { domainName: string; certificateArn: string };
}

export class Cdn extends Construct {
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net` (no trailing slash). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
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
    this.distribution = new Distribution(this, "Distribution", {
      comment: "Petitions service",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(Fn.select(2, Fn.split("/", props.apiEndpoint)), {
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachedMethods: CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
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
  }
}
