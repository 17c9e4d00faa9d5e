/** The moderators' tools' pure rules: what a search query means, tags against the list, the kept original, the email flag. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../shared/errors.ts";
import type { PetitionRecord } from "../../shared/petitions/model.ts";
import { moderationSchema } from "../../shared/petitions/moderation.ts";
import { originalText } from "../../shared/petitions/staff-tools.ts";
import { distinctTags, knownTags } from "../../shared/petitions/tags.ts";
import { holdsEvery, staffQuery } from "../../shared/search/staff-search.ts";
import { supportedMail } from "../../shared/signatures/supported.ts";

describe("a staff search query", () => {
  it("is an id when it is digits, with or without #", () => {
    expect(staffQuery(" 123 ")).toEqual({ kind: "id", id: 123 });
    expect(staffQuery("#45")).toEqual({ kind: "id", id: 45 });
  });

  it("is words otherwise, stemmed as the public search stems them", () => {
    const query = staffQuery("Libraries 123 funding");
    expect(query.kind).toBe("words");
    expect(query.kind === "words" && query.words.length).toBeGreaterThan(1);
    expect(staffQuery("1234567890").kind).toBe("words");
  });

  it("matches a petition only when its texts hold every word", () => {
    const p = { action: "Fund public libraries", background: "Books for all", additional_details: null };
    const words = (q: string) => {
      const query = staffQuery(q);
      return query.kind === "words" ? query.words : [];
    };
    expect(holdsEvery(words("library books"), p)).toBe(true);
    expect(holdsEvery(words("library trains"), p)).toBe(false);
    expect(holdsEvery([], p)).toBe(false);
  });
});

describe("tags", () => {
  it("keep the first spelling of each, whatever the case", () => {
    expect(distinctTags(["NHS", "Housing", "nhs"])).toEqual(["NHS", "Housing"]);
  });

  it("take the list's spelling, and refuse one not on the list naming the field", () => {
    expect(knownTags(["nhs", "HOUSING"], ["Housing", "NHS"])).toEqual(["NHS", "Housing"]);
    try {
      knownTags(["Roads"], ["Housing"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems[0]?.field).toBe("tags");
    }
  });
});

describe("the creator's original words", () => {
  const petition = {
    action: "Edited",
    background: "Edited background",
    additional_details: null,
  } as unknown as PetitionRecord;

  it("are the current words the first time", () => {
    expect(originalText(petition)).toEqual({
      action: "Edited",
      background: "Edited background",
      additional_details: null,
    });
  });

  it("stay what they were on later edits", () => {
    const kept = { action: "First", background: "First background", additional_details: "More" };
    expect(originalText({ ...petition, original_text: kept })).toBe(kept);
  });
});

describe("the moderation decision's email flag", () => {
  it("emails by default, as before", () => {
    expect(moderationSchema.parse({ decision: "publish" }).email).toBe(true);
  });

  it("takes a boolean or a form's true or false, and nothing else", () => {
    expect(moderationSchema.parse({ decision: "publish", email: false }).email).toBe(false);
    expect(moderationSchema.parse({ decision: "publish", email: "false" }).email).toBe(false);
    expect(moderationSchema.parse({ decision: "publish", email: "true" }).email).toBe(true);
    const refused = moderationSchema.safeParse({ decision: "publish", email: "no" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(["email"]);
  });
});

describe("the creator's email for a supporter", () => {
  const petition = { id: 7, action: "Fund libraries" };
  const creator = { email: "c@example.com", name: "Chris" };

  it("goes below the threshold, with the supporter's number", () => {
    expect(supportedMail(petition, creator, 4, 5)).toMatchObject({
      template: "sponsor_signed",
      to: "c@example.com",
      data: { sponsor_count: 4 },
    });
  });

  it("does not go for the supporter who reaches the threshold, or any after", () => {
    expect(supportedMail(petition, creator, 5, 5)).toBeNull();
    expect(supportedMail(petition, creator, 6, 5)).toBeNull();
  });
});
