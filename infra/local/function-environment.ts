/**
 * The environment every function sees, as Lambda's configuration gives it on AWS: the emulators'
 * endpoints, the table, the public URL, the origin secret, the hash key and the staff token
 * issuer (the engine, standing in for Cognito), then the engine's settings over them.
 */
import { LOCAL_CREDENTIALS, LOCAL_REGION } from "./emulators.ts";
import { localHashKey } from "./hash-key.ts";
import { LOCAL_AUDIENCE, localIssuer } from "./staff-token.ts";

export interface FunctionEnvironment {
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  url: string;
  originSecret: string;
  dataPath: string | null;
  hostedSignIn: boolean | undefined;
  settings: Record<string, string> | undefined;
}

/** Sets the functions' environment in this process; returns the origin secret they check. */
export function setFunctionEnvironment(e: FunctionEnvironment): string {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: e.dynamoEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: e.dynamoEndpoint,
    AWS_ENDPOINT_URL_SESV2: e.sesEndpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    TABLE_NAME: e.tableName,
    PUBLIC_URL: process.env.PUBLIC_URL ?? e.url,
    ORIGIN_SECRET: e.originSecret,
    HASH_KEY: localHashKey(e.dataPath),
    // The engine is the staff token issuer, as Cognito is on AWS; functions have no default.
    STAFF_JWT_ISSUER: localIssuer(e.url),
    STAFF_JWT_AUDIENCE: LOCAL_AUDIENCE,
    STAFF_SIGN_IN_URL: e.hostedSignIn ? localIssuer(e.url) : "",
    ...e.settings,
  });
  delete process.env.ORIGIN_SECRET_ARN;
  delete process.env.HASH_KEY_ARN;
  return process.env.ORIGIN_SECRET ?? e.originSecret;
}
