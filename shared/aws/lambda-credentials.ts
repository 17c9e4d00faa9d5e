/**
 * The credential provider of every SDK client in a Lambda bundle: the bundles alias
 * `@aws-sdk/credential-provider-node` to this module (infra/aws/functions.ts, `bundlingOptions`),
 * so the clients' default chain is the environment provider alone. Lambda puts the execution
 * role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the first
 * link of the SDK's default chain, so the clients sign with the same credentials as before; the
 * SSO, ini, process, web-identity and container providers, and the STS/SSO clients they carry
 * (about 100 KB minified), stay out of every bundle. The local engine and the tests do not run
 * bundles: they keep the SDK's full chain.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

type Init = Parameters<typeof fromEnv>[0];

/** The provider the SDK clients call `defaultProvider` (the name they import). */
export const defaultProvider = (init: Init = {}): AwsCredentialIdentityProvider => fromEnv(init);

// The package's other exports, with its own rules (a client may import them).
export const credentialsWillNeedRefresh = (credentials: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials: AwsCredentialIdentity): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
