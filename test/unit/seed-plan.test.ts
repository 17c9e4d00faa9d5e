import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { catalogue, type Story } from "../../infra/local/seed/catalogue.ts";
import { type PlannedPetition, planSeed, shareBudget } from "../../infra/local/seed/plan.ts";
import { rejectionCodes, rejectionReasonFor } from "../../shared/domain/petition-state.ts";
import { petitionTextSchema } from "../../shared/signatures/submitted-fields.ts";

const now = new Date("2026-11-28T15:00:00.000Z");
const settings = {
  THRESHOLD_FOR_MODERATION: 5,
  THRESHOLD_FOR_RESPONSE: 10_000,
  THRESHOLD_FOR_DEBATE: 100_000,
  PETITION_DURATION_MONTHS: 6,
};
const plan = (petitions: number, signatures: number, seed = 1) =>
  planSeed({ petitions, signatures, seed, now, firstId: 1, settings });

const fateOf = (p: PlannedPetition) => p.story.fate;
const published = (p: PlannedPetition) => fateOf(p).kind === "open" || fateOf(p).kind === "closed";
const confirmedTimes = (p: PlannedPetition) =>
  p.signatures.map((s) => s.validatedAt).filter((t): t is number => t !== null);

describe("the demo catalogue", () => {
  const petitions = plan(catalogue.length, 16_000);

  it("holds every state a newcomer should see, and a rejection for every reason", () => {
    const states = new Set(petitions.map((p) => p.record.state));
    for (const state of [
      "pending",
      "validated",
      "sponsored",
      "flagged",
      "open",
      "closed",
      "rejected",
      "hidden",
    ]) {
      expect(states, state).toContain(state);
    }
    const codes = petitions.flatMap((p) => (p.record.rejection ? [p.record.rejection.code] : []));
    expect(new Set(codes)).toEqual(new Set(rejectionCodes));
    for (const p of petitions.filter((p) => p.record.rejection)) {
      const hidden = rejectionReasonFor(p.record.rejection?.code ?? "duplicate").hidden;
      expect(p.record.state).toBe(hidden ? "hidden" : "rejected");
    }
    const outcomes = new Set(petitions.map((p) => p.record.debate_state));
    for (const outcome of ["scheduled", "debated", "not_debated"]) expect(outcomes).toContain(outcome);
    expect(petitions.some((p) => p.record.government_response)).toBe(true);
  });

  it("has texts the service itself would accept", () => {
    for (const p of plan(catalogue.length + 3000, 0)) {
      const parsed = petitionTextSchema.safeParse({
        action: p.record.action,
        background: p.record.background,
        additional_details: p.record.additional_details,
      });
      expect(parsed.success, p.record.action).toBe(true);
    }
  });

  it("gives the busiest petition enough signatures to cross the response threshold by default", () => {
    const live = petitions.find(
      (p) => published(p) && "live" in fateOf(p) && (fateOf(p) as { live?: boolean }).live,
    );
    expect(live?.expectedCount).toBeGreaterThan(settings.THRESHOLD_FOR_RESPONSE);
    // The scheduled threshold function stamps it, not the seed.
    expect(live?.record.response_threshold_reached_at).toBeUndefined();
  });

  it("is the same for the same seed and differs for another", () => {
    const again = plan(catalogue.length, 16_000);
    expect(again.map((p) => [p.record, p.signatures])).toEqual(
      petitions.map((p) => [p.record, p.signatures]),
    );
    const other = plan(catalogue.length, 16_000, 2);
    expect(other.map((p) => p.signatures)).not.toEqual(petitions.map((p) => p.signatures));
  });
});

describe("a planned petition", () => {
  const petitions = plan(catalogue.length + 400, 300_000);

  it("counts its creator, its supporters and its signers, confirmed in order", () => {
    for (const p of petitions) {
      const times = confirmedTimes(p);
      expect(p.expectedCount).toBe(times.length);
      expect(times.every((t, i) => i === 0 || (times[i - 1] ?? 0) <= t)).toBe(true);
      expect(p.signatures[0]?.kind).toBe("creator");
      expect(p.signatures.filter((s) => s.kind === "creator")).toHaveLength(1);
      expect(times.every((t) => t <= now.getTime())).toBe(true);
    }
  });

  it("was signed while it was open, and a closed one closed before now", () => {
    for (const p of petitions.filter(published)) {
      const opened = Date.parse(p.record.opened_at ?? "");
      const closes = Date.parse(p.record.closes_at ?? "");
      const signers = p.signatures.filter((s) => s.kind === "signer").map((s) => s.validatedAt ?? 0);
      expect(signers.every((time) => time >= opened)).toBe(true);
      if (p.record.state === "closed") {
        expect(closes).toBeLessThan(now.getTime());
        expect(signers.every((time) => time < closes)).toBe(true);
      } else {
        expect(closes).toBeGreaterThan(now.getTime());
      }
    }
  });

  it("carries a threshold stamp exactly when it has the signatures, at the signature that crossed", () => {
    let stamped = 0;
    for (const p of petitions.filter(published)) {
      const live = (fateOf(p) as { live?: boolean }).live === true;
      const times = confirmedTimes(p);
      for (const [threshold, stamp] of [
        [settings.THRESHOLD_FOR_RESPONSE, p.record.response_threshold_reached_at],
        [settings.THRESHOLD_FOR_DEBATE, p.record.debate_threshold_reached_at],
      ] as const) {
        if (live || times.length < threshold) {
          expect(stamp).toBeUndefined();
        } else {
          stamped += 1;
          expect(stamp).toBe(new Date(times[threshold - 1] ?? 0).toISOString());
        }
      }
      if (p.record.government_response_at && p.record.response_threshold_reached_at) {
        expect(p.record.government_response_at > p.record.response_threshold_reached_at).toBe(true);
      }
    }
    expect(stamped).toBeGreaterThan(0);
  });

  it("reached moderation when its creator and enough supporters had confirmed", () => {
    for (const p of petitions) {
      const supporters = p.signatures.filter((s) => s.kind === "sponsor").length;
      if (p.record.state === "validated" && p.story.fate.kind === "collecting") {
        expect(supporters).toBeLessThan(settings.THRESHOLD_FOR_MODERATION);
      }
      if (p.record.moderation_threshold_reached_at && p.story.fate.kind !== "in_moderation") {
        expect(p.record.moderation_threshold_reached_at).toBe(
          new Date(p.signatures[settings.THRESHOLD_FOR_MODERATION]?.validatedAt ?? 0).toISOString(),
        );
      }
    }
  });
});

describe("sharing the signature budget", () => {
  const stories = (weights: number[]): Story[] =>
    weights.map((weight, i) => ({
      action: `Petition ${i}`,
      background: "b",
      details: null,
      creator: "c",
      fate: weight === 0 ? { kind: "pending" } : { kind: "open", weight, openedDaysAgo: 10 },
    }));

  it("hands out exactly the budget, by weight, and nothing to unpublished petitions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 100, noNaN: true })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.nat(2_000_000),
        (weights, budget) => {
          fc.pre(weights.some((w) => w > 0));
          const counts = shareBudget(stories(weights), budget);
          expect(counts.reduce((t, n) => t + n, 0)).toBe(budget);
          const total = weights.reduce((t, w) => t + w, 0);
          counts.forEach((count, i) => {
            const weight = weights[i] ?? 0;
            if (weight === 0) expect(count).toBe(0);
            else expect(Math.abs(count - (budget * weight) / total)).toBeLessThanOrEqual(1);
          });
        },
      ),
    );
  });
});
