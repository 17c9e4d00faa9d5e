import { describe, expect, it } from "vitest";
import {
  ANNOUNCEMENT_LISTED,
  announcementList,
  awaitingOpening,
  dissolutionEventFor,
  emailsCreatorWhenStopped,
  firstIdOfNextBlock,
  isDissolving,
  PARLIAMENT_ID_BLOCK,
  registrationClosed,
} from "../../shared/domain/dissolution.ts";
import { canTransition, petitionStates } from "../../shared/domain/petition-state.ts";

describe("what dissolution does to each state (e-petitions §1.6)", () => {
  // Written state by state: open closes early, anything never published and undecided stops.
  const expected = {
    pending: "stop",
    validated: "stop",
    sponsored: "stop",
    flagged: "stop",
    dormant: "stop",
    open: "close",
    closed: null,
    rejected: null,
    hidden: null,
    stopped: null,
  } as const;

  it.each(petitionStates)("%s", (state) => {
    expect(dissolutionEventFor(state)).toBe(expected[state]);
  });

  it("only names events the state machine allows from that state", () => {
    for (const state of petitionStates) {
      const event = dissolutionEventFor(state);
      if (event) expect(canTransition(state, event)).toBe(true);
    }
  });
});

describe("the announcement's list: up to 5 petitions and how many more", () => {
  it("names every petition when there are 5 or fewer", () => {
    expect(announcementList([1])).toEqual({ listed: [1], more: 0 });
    expect(announcementList([1, 2, 3, 4, 5])).toEqual({ listed: [1, 2, 3, 4, 5], more: 0 });
  });

  it("names the first 5 and counts the rest", () => {
    expect(ANNOUNCEMENT_LISTED).toBe(5);
    expect(announcementList([1, 2, 3, 4, 5, 6, 7, 8])).toEqual({ listed: [1, 2, 3, 4, 5], more: 3 });
  });

  it("counts the rest of a total when given only the first five", () => {
    expect(announcementList([1, 2, 3, 4, 5], 12)).toEqual({ listed: [1, 2, 3, 4, 5], more: 7 });
    expect(announcementList([1, 2], 1)).toEqual({ listed: [1, 2], more: 0 });
  });

  it("names nothing for nobody's petitions", () => {
    expect(announcementList([])).toEqual({ listed: [], more: 0 });
  });
});

describe("whether the dissolution time has come", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  it("is not without a time, nor before it", () => {
    expect(isDissolving(null, now)).toBe(false);
    expect(isDissolving(undefined, now)).toBe(false);
    expect(isDissolving("2026-12-07T12:00:01Z", now)).toBe(false);
  });
  it("is at and after it", () => {
    expect(isDissolving("2026-12-07T12:00:00Z", now)).toBe(true);
    expect(isDissolving("2026-12-01T00:00:00Z", now)).toBe(true);
  });
});

describe("the next parliament's first petition id", () => {
  it("is the smallest multiple of 100,000 above every id given, as e-petitions restarts its sequence", () => {
    expect(PARLIAMENT_ID_BLOCK).toBe(100_000);
    expect(firstIdOfNextBlock(0)).toBe(100_000);
    expect(firstIdOfNextBlock(1)).toBe(100_000);
    expect(firstIdOfNextBlock(100_000)).toBe(200_000);
    expect(firstIdOfNextBlock(123_456)).toBe(200_000);
  });
  it("is the same block when asked again before any new petition", () => {
    const first = firstIdOfNextBlock(123_456);
    expect(firstIdOfNextBlock(first - 1)).toBe(first);
  });
});

describe("whether starting a petition is closed by the parliament's cycle", () => {
  const now = new Date("2026-12-07T12:00:00Z");
  const first = { number: 1, opening_at: null, dissolution_at: null };
  it("is open in the first parliament with no dissolution set", () => {
    expect(registrationClosed(first, now)).toBe(false);
    expect(awaitingOpening(first, now)).toBe(false);
  });
  it("closes at registration_closed_at, or at the dissolution when none is set", () => {
    const dissolving = { ...first, dissolution_at: "2026-12-20T00:00:00Z" };
    expect(registrationClosed({ ...dissolving, registration_closed_at: "2026-12-07T12:00:01Z" }, now)).toBe(
      false,
    );
    expect(registrationClosed({ ...dissolving, registration_closed_at: "2026-12-07T12:00:00Z" }, now)).toBe(
      true,
    );
    expect(registrationClosed({ ...first, dissolution_at: "2026-12-07T11:00:00Z" }, now)).toBe(true);
  });
  it("stays closed in the next parliament until its opening_at", () => {
    const next = { number: 2, opening_at: null, dissolution_at: null };
    expect(registrationClosed(next, now)).toBe(true);
    expect(awaitingOpening(next, now)).toBe(true);
    expect(registrationClosed({ ...next, opening_at: "2026-12-07T12:00:01Z" }, now)).toBe(true);
    expect(registrationClosed({ ...next, opening_at: "2026-12-07T12:00:00Z" }, now)).toBe(false);
    expect(awaitingOpening({ ...next, opening_at: "2026-12-07T12:00:00Z" }, now)).toBe(false);
  });
});

describe("whether stopping a petition emails its creator (StopPetitionsEarlyJob)", () => {
  const cutoff = "2027-05-01T12:00:00.000Z";
  it("emails the creator of a petition gathering supporters or being checked, started at or after the cut-off", () => {
    for (const state of ["validated", "sponsored"]) {
      expect(emailsCreatorWhenStopped({ state, created_at: "2027-05-01T12:00:00.000Z" }, cutoff)).toBe(true);
      expect(emailsCreatorWhenStopped({ state, created_at: "2027-05-02T09:00:00.000Z" }, cutoff)).toBe(true);
      expect(emailsCreatorWhenStopped({ state, created_at: "2027-04-30T09:00:00.000Z" }, null)).toBe(true);
    }
  });
  it("does not email one started before the cut-off (its creator heard with the announcement)", () => {
    expect(
      emailsCreatorWhenStopped({ state: "sponsored", created_at: "2027-05-01T11:59:59.999Z" }, cutoff),
    ).toBe(false);
  });
  it("never emails an unconfirmed creator, nor one whose petition is flagged or dormant", () => {
    for (const state of ["pending", "flagged", "dormant"]) {
      expect(emailsCreatorWhenStopped({ state, created_at: "2027-05-02T09:00:00.000Z" }, cutoff)).toBe(false);
    }
  });
});
