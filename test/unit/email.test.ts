import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { settings } from "../../shared/config.ts";
import {
  canonicalEmail,
  emailDomain,
  matchesDomainPattern,
  normaliseEmailForStorage,
} from "../../shared/domain/email.ts";
import { limitsFrom } from "../../shared/signatures/limits.ts";

const localPart = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,15}$/);
const tag = fc.stringMatching(/^[a-zA-Z0-9._-]{0,10}$/);
const domain = fc.constantFrom("example.com", "Example.org", "mail.co.uk", "GMAIL.com", "googlemail.com");
const address = fc.tuple(localPart, domain).map(([local, host]) => `${local}@${host}`);

/** Randomly upper-cases some letters. */
const recased = (text: string, flips: boolean[]): string =>
  [...text].map((char, i) => (flips[i % flips.length] ? char.toUpperCase() : char.toLowerCase())).join("");

describe("any address", () => {
  it("trims and lower-cases", () => {
    expect(canonicalEmail("  Alice@Example.COM ")).toBe("alice@example.com");
  });

  it("drops a +tag", () => {
    expect(canonicalEmail("alice+petitions@example.com")).toBe("alice@example.com");
  });

  it("keeps dots outside gmail", () => {
    expect(canonicalEmail("a.lice@example.com")).toBe("a.lice@example.com");
  });

  it("leaves text without an @ lower-cased", () => {
    expect(canonicalEmail(" NotAnEmail ")).toBe("notanemail");
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string(), (text) => canonicalEmail(canonicalEmail(text)) === canonicalEmail(text)),
    );
    fc.assert(
      fc.property(address, (email) => canonicalEmail(canonicalEmail(email)) === canonicalEmail(email)),
    );
  });

  it("ignores case", () => {
    fc.assert(
      fc.property(address, fc.array(fc.boolean(), { minLength: 1 }), (email, flips) => {
        expect(canonicalEmail(recased(email, flips))).toBe(canonicalEmail(email));
      }),
    );
  });

  it("ignores whatever follows a +", () => {
    fc.assert(
      fc.property(localPart, tag, domain, (local, suffix, host) => {
        expect(canonicalEmail(`${local}+${suffix}@${host}`)).toBe(canonicalEmail(`${local}@${host}`));
      }),
    );
  });
});

describe("with EMAIL_STRIP_PLUS_TAG off", () => {
  it("keeps every +tag address a person of its own, gmail's dots still ignored", () => {
    expect(canonicalEmail("alice+petitions@example.com", { stripPlusTag: false })).toBe(
      "alice+petitions@example.com",
    );
    expect(canonicalEmail("A.Lice+x@googlemail.com", { stripPlusTag: false })).toBe("alice+x@gmail.com");
    expect(canonicalEmail("alice+petitions@example.com", { stripPlusTag: true })).toBe("alice@example.com");
  });

  it("is read from the settings, on by default as in e-petitions", () => {
    expect(settings.EMAIL_STRIP_PLUS_TAG.parse(undefined)).toBe(true);
    expect(settings.EMAIL_STRIP_PLUS_TAG.parse("false")).toBe(false);
    expect(settings.EMAIL_STRIP_PLUS_TAG.safeParse("no").success).toBe(false);
    const limits = { RATE_BURST: 1, RATE_BURST_SECONDS: 60, RATE_SUSTAINED: 5, RATE_SUSTAINED_SECONDS: 300 };
    expect(limitsFrom({ ...limits, RATE_CREATOR: 2, RATE_SPONSOR: 5 }).stripPlusTag).toBe(true);
    expect(
      limitsFrom({ ...limits, RATE_CREATOR: 2, RATE_SPONSOR: 5, EMAIL_STRIP_PLUS_TAG: false }).stripPlusTag,
    ).toBe(false);
  });
});

describe("a gmail address", () => {
  it("ignores dots", () => {
    expect(canonicalEmail("a.l.i.c.e@gmail.com")).toBe("alice@gmail.com");
  });

  it("ignores dots and a +tag together", () => {
    expect(canonicalEmail("A.Lice+x.y@Gmail.com")).toBe("alice@gmail.com");
  });

  it("is the same person at googlemail.com", () => {
    expect(canonicalEmail("a.lice+tag@googlemail.com")).toBe("alice@gmail.com");
  });

  it("matches whatever dots are added", () => {
    fc.assert(
      fc.property(localPart, fc.array(fc.nat(), { maxLength: 4 }), (local, positions) => {
        const chars = [...local];
        for (const position of positions) chars.splice(position % (chars.length + 1), 0, ".");
        expect(canonicalEmail(`${chars.join("")}@gmail.com`)).toBe(canonicalEmail(`${local}@gmail.com`));
      }),
    );
  });

  it("matches its googlemail.com twin", () => {
    fc.assert(
      fc.property(localPart, tag, (local, suffix) => {
        expect(canonicalEmail(`${local}+${suffix}@googlemail.com`)).toBe(
          canonicalEmail(`${local}@gmail.com`),
        );
      }),
    );
  });
});

describe("a subdomain of gmail.com", () => {
  it("uses the default rule", () => {
    expect(canonicalEmail("a.b+c@mail.gmail.com")).toBe("a.b@mail.gmail.com");
  });
});

describe("an address stored for sending", () => {
  it("keeps the local part as typed and lower-cases the domain", () => {
    expect(normaliseEmailForStorage("  Alice.Smith+Tag@Example.COM ")).toBe("Alice.Smith+Tag@example.com");
  });

  it("keeps text without an @ as typed", () => {
    expect(normaliseEmailForStorage(" Alice ")).toBe("Alice");
  });
});

describe("an email domain", () => {
  it("is lower-cased", () => {
    expect(emailDomain("alice@Mail.Example.COM")).toBe("mail.example.com");
  });

  it("is the part after the last @", () => {
    expect(emailDomain('"a@b"@example.com')).toBe("example.com");
  });

  it("is null without an @", () => {
    expect(emailDomain("alice")).toBeNull();
  });
});

describe("a domain pattern", () => {
  it("matches an exact domain, ignoring case", () => {
    expect(matchesDomainPattern("Example.com", "example.COM")).toBe(true);
    expect(matchesDomainPattern("example.com.evil", "example.com")).toBe(false);
    expect(matchesDomainPattern("sub.example.com", "example.com")).toBe(false);
  });

  it("with *. matches exactly one more label", () => {
    expect(matchesDomainPattern("a.example.com", "*.example.com")).toBe(true);
    expect(matchesDomainPattern("a.b.example.com", "*.example.com")).toBe(false);
    expect(matchesDomainPattern("example.com", "*.example.com")).toBe(false);
    expect(matchesDomainPattern("badexample.com", "*.example.com")).toBe(false);
  });

  it("with **. matches any depth of labels", () => {
    expect(matchesDomainPattern("a.example.com", "**.example.com")).toBe(true);
    expect(matchesDomainPattern("a.b.c.example.com", "**.example.com")).toBe(true);
    expect(matchesDomainPattern("example.com", "**.example.com")).toBe(false);
    expect(matchesDomainPattern("badexample.com", "**.example.com")).toBe(false);
    expect(matchesDomainPattern("a..example.com", "**.example.com")).toBe(false);
  });

  it("never treats a dot as a wildcard", () => {
    expect(matchesDomainPattern("exampleXcom", "example.com")).toBe(false);
  });
});
