import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyChange,
  DEFAULT_DELAY_MESSAGE,
  effectiveSettings,
  moderationDelayed,
  siteChangeSchema,
  siteDefaults,
} from "../../shared/domain/site-settings.ts";
import { siteLimits } from "../../shared/site/gates.ts";

const defaults = siteDefaults({ THRESHOLD_FOR_RESPONSE: 10, MAX_SPONSORS: 8 });

describe("the site settings' defaults", () => {
  it("are the function's environment settings, else each setting's own default", () => {
    expect(defaults.threshold_for_response).toBe(10);
    expect(defaults.max_sponsors).toBe(8);
    expect(defaults.threshold_for_debate).toBe(100_000);
    expect(defaults.threshold_for_moderation_delay).toBe(500);
    expect(defaults.rate_burst).toBe(1);
    expect(defaults).toMatchObject({
      signing_paused: false,
      creation_disabled: false,
      home_page_message: "",
      moderation_delay_message: DEFAULT_DELAY_MESSAGE,
    });
  });
});

describe("the settings in effect", () => {
  it("are the defaults, at version 0, when nothing is stored", () => {
    expect(effectiveSettings(defaults, null)).toEqual({
      ...defaults,
      version: 0,
      updated_at: null,
      updated_by: null,
    });
  });

  it("take each stored field over its default, and only the fields stored", () => {
    const site = effectiveSettings(defaults, { threshold_for_debate: 50, signing_paused: true, version: 3 });
    expect(site.threshold_for_debate).toBe(50);
    expect(site.signing_paused).toBe(true);
    expect(site.threshold_for_response).toBe(10);
    expect(site.version).toBe(3);
  });

  it("ignore a stored field that is no longer valid, keeping its default", () => {
    const site = effectiveSettings(defaults, {
      threshold_for_moderation: 99,
      max_sponsors: "many",
      version: 1,
    });
    expect(site.threshold_for_moderation).toBe(defaults.threshold_for_moderation);
    expect(site.max_sponsors).toBe(8);
  });
});

describe("a change", () => {
  it("stores only the fields it names, on top of those stored before", () => {
    const stored = { threshold_for_debate: 50, version: 1 };
    const current = effectiveSettings(defaults, stored);
    const { fields, changes } = applyChange(current, stored, { signing_paused: true });
    expect(fields).toEqual({ threshold_for_debate: 50, signing_paused: true });
    expect(changes).toEqual([{ field: "signing_paused", from: false, to: true }]);
  });

  it("names no change for a field set to the value in effect", () => {
    const current = effectiveSettings(defaults, null);
    expect(applyChange(current, null, { max_sponsors: 8 }).changes).toEqual([]);
  });

  it("never loses a stored field, whatever else it changes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.boolean(), (sponsors, paused) => {
        const stored = { home_page_message: "Hello", version: 2 };
        const current = effectiveSettings(defaults, stored);
        const { fields } = applyChange(current, stored, {
          max_sponsors: sponsors,
          creation_disabled: paused,
        });
        const after = effectiveSettings(defaults, { ...fields, version: 3 });
        expect(after.home_page_message).toBe("Hello");
        expect(after.max_sponsors).toBe(sponsors);
        expect(after.creation_disabled).toBe(paused);
      }),
    );
  });

  const problem = (body: unknown) => {
    const parsed = siteChangeSchema.safeParse(body);
    return parsed.success ? null : parsed.error.issues.map((issue) => issue.path.join("."));
  };

  it("must carry the version it was read at", () => {
    expect(problem({ signing_paused: true })).toEqual(["version"]);
    expect(problem({ signing_paused: true, version: 0 })).toBeNull();
  });

  it("is refused naming the field out of bounds, or not a setting", () => {
    expect(problem({ version: 0, threshold_for_moderation: 11 })).toEqual(["threshold_for_moderation"]);
    expect(problem({ version: 0, max_sponsors: 0 })).toEqual(["max_sponsors"]);
    expect(problem({ version: 0, signing_paused: "yes" })).toEqual(["signing_paused"]);
    expect(problem({ version: 0, home_page_message: "x".repeat(801) })).toEqual(["home_page_message"]);
    expect(problem({ version: 0, home_page_message: "two\nlines" })).toEqual(["home_page_message"]);
    expect(problem({ version: 0, moderation_delay_message: "" })).toEqual(["moderation_delay_message"]);
    expect(problem({ version: 0, colour: "red" })).toEqual([""]);
  });
});

describe("moderation delay", () => {
  it("starts when the queue reaches the threshold", () => {
    expect(moderationDelayed(499, { threshold_for_moderation_delay: 500 })).toBe(false);
    expect(moderationDelayed(500, { threshold_for_moderation_delay: 500 })).toBe(true);
  });
});

describe("the rate limits in effect", () => {
  it("are the settings' numbers, keeping the function's email rule", () => {
    const site = effectiveSettings(defaults, { rate_burst: 3, rate_sponsor: 9, version: 1 });
    const limits = siteLimits(
      {
        burst: { limit: 1, periodSeconds: 60 },
        sustained: { limit: 5, periodSeconds: 300 },
        creator: 2,
        sponsor: 5,
        stripPlusTag: false,
      },
      site,
    );
    expect(limits).toEqual({
      burst: { limit: 3, periodSeconds: 60 },
      sustained: { limit: 5, periodSeconds: 300 },
      creator: 2,
      sponsor: 9,
      stripPlusTag: false,
    });
  });
});
