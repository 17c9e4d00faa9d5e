import { describe, expect, it } from "vitest";
import { petitionStates, SHOW_STATES } from "../../shared/domain/petition-state.ts";
import { showPageFor, showPagePath, supportersRequired } from "../../shared/domain/show-page.ts";

describe("the page a petition's address leads to", () => {
  it("is e-petitions' for every state it shows", () => {
    const pages = Object.fromEntries(SHOW_STATES.map((state) => [state, showPageFor(state)]));
    expect(pages).toEqual({
      pending: "gathering-support",
      validated: "gathering-support",
      sponsored: "moderation-info",
      flagged: "moderation-info",
      open: "petition",
      closed: "petition",
      rejected: "petition",
      stopped: "home",
    });
  });

  it("leaves out dormant and hidden petitions, which have no public address", () => {
    expect(petitionStates.filter((state) => !(SHOW_STATES as readonly string[]).includes(state))).toEqual([
      "dormant",
      "hidden",
    ]);
  });

  it("has an address for each page", () => {
    expect(showPagePath(7, "gathering-support")).toBe("/petitions/7/gathering-support");
    expect(showPagePath(7, "moderation-info")).toBe("/petitions/7/moderation-info");
    expect(showPagePath(7, "petition")).toBe("/petitions/7");
    expect(showPagePath(7, "home")).toBe("/");
  });

  it("counts the supporters still needed down to none", () => {
    expect(supportersRequired(2, 5)).toBe(3);
    expect(supportersRequired(4, 5)).toBe(1);
    expect(supportersRequired(9, 5)).toBe(0);
  });
});
