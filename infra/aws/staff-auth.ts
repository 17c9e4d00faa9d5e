/**
 * Staff sign-in: a Cognito user pool (no self sign-up, email sign-in, TOTP MFA required, Plus
 * feature plan with full threat protection), one group per staff role, and an app client for the
 * authorization-code flow of the admin pages.
 */
import { Aws, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import type { Role } from "../../shared/topology-types.ts";

export const STAFF_ROLES = ["moderator", "sysadmin"] as const satisfies readonly Role[];

export interface StaffAuthProps {
  /** The service's public base URL (no trailing slash); the sign-in callback lives under it. */
  publicUrl: string;
  /** The stage: part of the default hosted UI domain prefix, so stages can share an account. */
  stage: string;
  /** Hosted UI domain prefix; defaults to `petitions-staff-<stage>-<account id>`. */
  domainPrefix?: string;
}

export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The JWT issuer of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of STAFF_ROLES) {
      new CfnUserPoolGroup(this, `${role}Group`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: `Staff role ${role}: grants the routes whose topology auth is "${role}"`,
      });
    }

    this.client = this.userPool.addClient("AdminClient", {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${props.publicUrl}/staff/sign-in/callback`],
        logoutUrls: [`${props.publicUrl}/staff/sign-in`],
      },
      preventUserExistenceErrors: true,
      // Sign-out revokes the session's refresh token at the pool's /oauth2/revoke endpoint.
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.domain = this.userPool.addDomain("HostedUi", {
      cognitoDomain: {
        domainPrefix: props.domainPrefix ?? `petitions-staff-${props.stage}-${Aws.ACCOUNT_ID}`,
      },
    });

    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
