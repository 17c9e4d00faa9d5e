/**
 * Staff tokens for the local engine, shaped like Cognito's access tokens: RS256, a `kid` that
 * names a key in the issuer's JWKS, `token_use: "access"`, `client_id` for the app client and
 * `cognito:groups` for the roles. The issuer is the engine's own URL (`<engine>/_local/auth`),
 * which serves the JWKS at Cognito's path, so the staff pages and the engine's stand-in for API
 * Gateway's JWT authorizer check these tokens with the same verifier they use on AWS
 * (shared/http/staff-tokens.ts).
 *
 * The key pair is made on first use and kept in `.local-data/staff-signing-key.pem` (mode 600):
 * `npm start` (on disk or in memory), test engines and `npm run token` in another process all
 * sign with it. Nothing under functions/ or shared/ imports this file, and a bundle test checks
 * that no deployed function contains its marker.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SignJWT } from "jose";
import type { Role } from "../../shared/topology-types.ts";

/** Marks the local development key wherever it is referenced; no production bundle may hold it. */
export const LOCAL_KEY_MARKER = "petitions-local-development-signing-key";

/** The app client id the local engine plays; passed to functions as STAFF_JWT_AUDIENCE. */
export const LOCAL_AUDIENCE = "petitions-local-staff";

/** The engine's issuer: its own URL, under which it serves the JWKS and the OAuth endpoints. */
/** One issuer whichever loopback name reached the engine (the bench binds 127.0.0.x to play viewers). */
export const localIssuer = (engineUrl: string) =>
  `${engineUrl.replace(/\/+$/, "").replace("//127.0.0.1:", "//localhost:")}/_local/auth`;

export const DEFAULT_KEY_FILE = resolve(import.meta.dirname, "../../.local-data/staff-signing-key.pem");

export interface LocalSigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as a JWK, as Cognito lists it at `<issuer>/.well-known/jwks.json`. */
  jwk: Record<string, unknown>;
}

const loaded = new Map<string, LocalSigningKey>();

/** Reads the key pair, making it first (atomically, so racing processes agree on one key). */
export function localSigningKey(file = DEFAULT_KEY_FILE): LocalSigningKey {
  const cached = loaded.get(file);
  if (cached) return cached;
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const draft = `${file}.${process.pid}.${randomUUID()}`;
    writeFileSync(
      draft,
      `# ${LOCAL_KEY_MARKER}: local staff tokens only, never deployed\n${privateKey.export({ type: "pkcs8", format: "pem" })}`,
      { mode: 0o600, flag: "wx" },
    );
    try {
      linkSync(draft, file);
    } catch (linkError) {
      if ((linkError as NodeJS.ErrnoException).code !== "EEXIST") throw linkError;
    } finally {
      rmSync(draft, { force: true });
    }
    pem = readFileSync(file, "utf8");
  }
  const privateKey = createPrivateKey(pem.slice(pem.indexOf("-----BEGIN")));
  const publicJwk = createPublicKey(privateKey).export({ format: "jwk" });
  const kid = createHash("sha256").update(`${publicJwk.n}.${publicJwk.e}`).digest("base64url").slice(0, 22);
  const key = { kid, privateKey, jwk: { ...publicJwk, kid, alg: "RS256", use: "sig" } };
  loaded.set(file, key);
  return key;
}

export interface StaffTokenOptions {
  roles: Role[];
  sub?: string;
  expiresIn?: string;
  /** Defaults to the local app client; tests pass another to be refused. */
  audience?: string;
  /** Defaults to the engine's issuer; tests pass another to be refused. */
  issuer?: string;
  /** "id" makes an ID token (`aud`, no `client_id`), which staff routes refuse. */
  tokenUse?: "access" | "id";
  /** Another private key (a forgery); defaults to the development key. */
  key?: KeyObject;
}

/** A token the engine at `engineUrl` accepts (unless the options ask for a refused one). */
export async function signStaffToken(engineUrl: string, options: StaffTokenOptions): Promise<string> {
  const signing = localSigningKey();
  const audience = options.audience ?? LOCAL_AUDIENCE;
  const sub = options.sub ?? `local-${options.roles[0] ?? "staff"}`;
  const claims =
    options.tokenUse === "id"
      ? { "cognito:groups": options.roles, token_use: "id", "cognito:username": sub }
      : { "cognito:groups": options.roles, token_use: "access", client_id: audience, username: sub };
  const token = new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: signing.kid })
    .setSubject(sub)
    .setIssuer(options.issuer ?? localIssuer(engineUrl))
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "8h");
  if (options.tokenUse === "id") token.setAudience(audience);
  return token.sign(options.key ?? signing.privateKey);
}
