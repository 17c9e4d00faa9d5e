import { beforeAll, describe, expect, it } from "vitest";
import { useHashKeys } from "../../shared/hash-key.ts";
import { hashToken, mintToken, newToken, readToken, tokenMatches } from "../../shared/signatures/tokens.ts";

const id = `42-1-${"a".repeat(22)}`;
const other = `42-2-${"a".repeat(22)}`;

describe("a confirmation token checked without a read", () => {
  beforeAll(() => useHashKeys(JSON.stringify({ id: "k2", key: "k".repeat(32), previous: [] })));

  it("holds for the signature and kind it was minted for, and is stored like any token", () => {
    const token = mintToken(id, "signer");
    expect(readToken(id, token)).toEqual({ kind: "signer" });
    expect(readToken(id, mintToken(id, "creator"))).toEqual({ kind: "creator" });
    expect(tokenMatches(token, [hashToken(token)])).toBe(true);
  });

  it("is forged for another signature, another kind, another key or a changed character", () => {
    const token = mintToken(id, "sponsor");
    const [keyId, body, mac] = token.split(".") as [string, string, string];
    expect(readToken(other, token)).toBe("forged");
    expect(readToken(id, `${keyId}.p${body.slice(1)}.${mac}`)).toBe("forged");
    expect(readToken(id, `${Buffer.from("gone").toString("base64url")}.${body}.${mac}`)).toBe("forged");
    expect(readToken(id, `${keyId}.${body}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`)).toBe(
      "forged",
    );
    expect(readToken(id, `${keyId}.${body}`)).toBe("forged");
  });

  it("leaves a plain random token, minted before, to the stored hashes", () => {
    expect(readToken(id, newToken())).toBe("legacy");
  });

  it("still holds under a key rotated into `previous`", () => {
    const token = mintToken(id, "signer");
    useHashKeys(
      JSON.stringify({
        id: "k3",
        key: "n".repeat(32),
        fromPetition: 100,
        previous: [{ id: "k2", key: "k".repeat(32), fromPetition: 0 }],
      }),
    );
    expect(readToken(id, token)).toEqual({ kind: "signer" });
  });
});
