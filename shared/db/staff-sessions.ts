/**
 * Staff sessions: what the server keeps about a signed-in session, keyed by its access token's
 * `jti`. The session cookie holds the access token; this item holds
 * - after a hosted sign-in, the refresh token, sealed (AES-256-GCM) with a key derived from the
 *   access token itself, so a reader of the table alone cannot use it and sign-out can revoke it;
 * - after sign-out, `ended`, so the old cookie no longer opens a page even before it expires.
 * The item expires (TTL) with the access token, after which the token opens nothing anyway.
 *
 * Access patterns:
 * - one session by its token's jti:   GetItem / PutItem / UpdateItem  STAFF_SESSION#<jti> / SESSION
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "./client.ts";

export const staffSessionKey = (jti: string) => ({ PK: `STAFF_SESSION#${jti}`, SK: "SESSION" });

/** The sealing key: only someone holding the session's access token can open the refresh token. */
const sealingKey = (accessToken: string) =>
  createHash("sha256").update(`staff-refresh-token\0${accessToken}`).digest();

function seal(refreshToken: string, accessToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(accessToken), iv);
  const sealed = Buffer.concat([cipher.update(refreshToken, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString("base64url")).join(".");
}

function open(sealed: string, accessToken: string): string | null {
  const [iv, tag, data] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
  if (!iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(accessToken), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** Keeps a hosted sign-in's refresh token (sealed) until sign-out revokes it. */
export async function keepRefreshToken(
  session: { jti: string; exp: number },
  accessToken: string,
  refreshToken: string,
): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...staffSessionKey(session.jti),
        refresh: seal(refreshToken, accessToken),
        expiresAt: session.exp,
      },
    }),
  );
}

/** Has this session been signed out? (A strongly consistent read: sign-out takes effect at once.) */
export async function sessionEnded(jti: string): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName(), Key: staffSessionKey(jti), ConsistentRead: true }),
  );
  return Item?.ended === true;
}

/** Marks the session ended and hands back its refresh token (once), to be revoked. */
export async function endStaffSession(
  session: { jti: string; exp: number },
  accessToken: string,
): Promise<string | null> {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: staffSessionKey(session.jti),
      UpdateExpression: "SET ended = :true, expiresAt = :exp REMOVE refresh",
      ExpressionAttributeValues: { ":true": true, ":exp": session.exp },
      ReturnValues: "ALL_OLD",
    }),
  );
  return typeof Attributes?.refresh === "string" ? open(Attributes.refresh, accessToken) : null;
}
