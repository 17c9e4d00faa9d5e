/**
 * Email typo hints, with the cases of e-petitions' spec/lib/domain_autocorrect_spec.rb: every
 * typo there suggests its domain; a correct address suggests nothing.
 */
import { describe, expect, it } from "vitest";
import { EMAIL_TYPO_RULES, emailChoice, suggestEmail } from "../../shared/domain/email-typos.ts";

/** domain_autocorrect_spec.rb: each domain and the typos it corrects. */
const SPEC: Record<string, string[]> = {
  "aol.com": ["ail.com", "aol.co.uk", "aol.con", "apl.com"],
  "btinternet.com": [
    "binternet.com",
    "brinternet.com",
    "btinernet.com",
    "btingernet.com",
    "btintenet.com",
    "btintermet.com",
    "btinterner.com",
    "btinternet.co",
    "btinternet.co.uk",
    "btinternet.con",
    "btintetnet.com",
    "btinyernet.com",
    "btnternet.com",
    "byinternet.com",
  ],
  "gmail.com": [
    "gmail.com",
    "fmail.com",
    "g.mail.com",
    "gail.com",
    "gamail.com",
    "gamil.com",
    "gmai.com",
    "gmaik.com",
    "gmail.cim",
    "gmail.clm",
    "gmail.cm",
    "gmail.co",
    "gmail.co.uk",
    "gmail.com.com",
    "gmail.com.uk",
    "gmail.comm",
    "gmail.con",
    "gmail.om",
    "gmail.uk",
    "gmail.vom",
    "gmaill.com",
    "gmal.com",
    "gmaol.com",
    "gmaul.com",
    "gmial.com",
    "gmil.com",
    "gmsil.com",
    "gnail.com",
  ],
  "googlemail.com": [
    "googlemail.co.uk",
    "googlemail.con",
    "googlemial.com",
    "googlemsil.com",
    "googlmail.com",
    "goolemail.com",
  ],
  "hotmail.com": [
    "hitmail.com",
    "homail.com",
    "hormail.com",
    "hotmai.com",
    "hotmail.cim",
    "hotmail.cm",
    "hotmail.co",
    "hotmail.con",
    "hotmaill.com",
    "hotmal.com",
    "hotmil.com",
    "hotmial.com",
    "hotmsil.com",
    "hotnail.com",
  ],
  "hotmail.co.uk": [
    "hitmail.co.uk",
    "homail.co.uk",
    "hormail.co.uk",
    "hotmai.co.uk",
    "hotmaik.co.uk",
    "hotmail.c.uk",
    "hotmail.co.ik",
    "hotmail.co.uj",
    "hotmail.co.ul",
    "hotmail.co.um",
    "hotmail.co.un",
    "hotmail.co.yk",
    "hotmail.com.uk",
    "hotmail.conuk",
    "hotmail.couk",
    "hotmail.uk",
    "hotmailco.uk",
    "hotmal.co.uk",
    "hotmaul.co.uk",
    "hotmial.co.uk",
    "hotmil.co.uk",
    "hotmsil.co.uk",
    "hotnail.co.uk",
  ],
  "icloud.com": ["cloud.com", "icloud.co.uk", "icloud.con", "icoud.com", "icould.com", "ivloud.com"],
  "live.com": ["live.co", "live.con"],
  "live.co.uk": ["live.c.uk", "live.co.ik", "live.co.um", "live.co.un"],
  "mac.com": ["mac.con"],
  "me.com": ["me.con"],
  "msn.com": ["msn.con"],
  "ntlworld.com": ["ntlword.com", "ntlworld.con"],
  "outlook.com": ["oulook.com", "outliok.com", "outlook.co.uk", "outlook.con", "outloook.com", "outook.com"],
  "sky.com": ["sky.con"],
  "talktalk.net": ["talktalk.com"],
  "yahoo.com": ["yahoo.co", "yahoo.con"],
  "yahoo.co.uk": [
    "tahoo.co.uk",
    "uahoo.co.uk",
    "yaho.co.uk",
    "yahoo.c.uk",
    "yahoo.co.ik",
    "yahoo.co.uj",
    "yahoo.co.uk",
    "yahoo.co.ul",
    "yahoo.co.um",
    "yahoo.co.un",
    "yahoo.co.yk",
    "yahoo.conuk",
    "yahoo.couk",
    "yahoo.uk",
    "yahooco.uk",
    "yhoo.co.uk",
    "yshoo.co.uk",
  ],
};

describe("suggesting the address meant", () => {
  for (const [domain, typos] of Object.entries(SPEC)) {
    it(`suggests ${domain} for its typos, and nothing for ${domain} itself`, () => {
      for (const typo of typos) {
        const expected = typo === domain ? null : `bob.jones@${domain}`;
        expect(suggestEmail(`bob.jones@${typo}`), typo).toBe(expected);
      }
      expect(suggestEmail(`bob.jones@${domain}`)).toBeNull();
    });
  }

  it("keeps the local part as typed, reads the domain in any case, and leaves other addresses alone", () => {
    expect(suggestEmail("Bob.Jones+x@GMIAL.com")).toBe("Bob.Jones+x@gmail.com");
    expect(suggestEmail(" sam@hotmial.co.uk ")).toBe("sam@hotmail.co.uk");
    for (const email of [
      "",
      "foo",
      "a@b@gmial.com",
      "sam@example.com",
      "sam@parliament.uk",
      "sam@ gmial.com",
    ]) {
      expect(suggestEmail(email), email).toBeNull();
    }
  });

  it("has every rule's domain and pattern as data", () => {
    expect(EMAIL_TYPO_RULES.map((r) => r.domain)).toEqual(
      Object.keys(SPEC).sort((a, b) => order(a) - order(b)),
    );
    for (const rule of EMAIL_TYPO_RULES) expect(() => new RegExp(rule.typos)).not.toThrow();
  });
});

const order = (domain: string) => EMAIL_TYPO_RULES.findIndex((r) => r.domain === domain);

describe("asking once", () => {
  it("asks about a likely typo until the person picks an address", () => {
    expect(emailChoice("sam@gmial.com", "")).toEqual({ email: "sam@gmial.com", ask: "sam@gmail.com" });
    expect(emailChoice("sam@gmial.com", "sam@gmail.com")).toEqual({ email: "sam@gmail.com", ask: null });
    expect(emailChoice("sam@gmial.com", "sam@gmial.com")).toEqual({ email: "sam@gmial.com", ask: null });
  });

  it("asks again about a new typo, and never about a likely address", () => {
    expect(emailChoice("sam@hotmial.com", "sam@gmial.com")).toEqual({
      email: "sam@hotmial.com",
      ask: "sam@hotmail.com",
    });
    expect(emailChoice("sam@gmail.com", "")).toEqual({ email: "sam@gmail.com", ask: null });
  });
});

describe("the rules in the browser", () => {
  it("are served as /assets/email-typos.js from the same data, beside the script that uses them", async () => {
    const { buildAssets } = await import("../../shared/web/assets.ts");
    const assets = new Map(buildAssets().map((a) => [a.key, a.body]));
    const rules = assets.get("email-typos.js") ?? "";
    expect(rules.startsWith("export const EMAIL_TYPO_RULES = ")).toBe(true);
    expect(
      JSON.parse(rules.slice("export const EMAIL_TYPO_RULES = ".length).trim().replace(/;$/, "")),
    ).toEqual(EMAIL_TYPO_RULES);
    expect(assets.get("email-hint.js")).toContain('from "/assets/email-typos.js"');
    expect(assets.get("app.js")).toContain('import "/assets/email-hint.js"');
  });
});
