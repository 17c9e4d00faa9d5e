import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveReserve, massMailCeiling, mayMassSend } from "../../shared/domain/mail-rate.ts";

const budgets = fc.record({
  accountRate: fc.integer({ min: 1, max: 5000 }),
  reserve: fc.integer({ min: 0, max: 6000 }),
});

describe("sharing the account send rate between transactional and mass mail", () => {
  it("at SES's default 14/s with a reserve of 4, mass mail gets 10/s when confirmations are quiet", () => {
    const budget = { accountRate: 14, reserve: 4 };
    expect(massMailCeiling(budget, 0)).toBe(10);
    expect(mayMassSend(budget, 9, 0)).toBe(true);
    expect(mayMassSend(budget, 10, 0)).toBe(false);
  });

  it("yields to confirmations: a busy second before leaves mass mail only what they did not use", () => {
    const budget = { accountRate: 14, reserve: 4 };
    expect(massMailCeiling(budget, 9)).toBe(5);
    expect(massMailCeiling(budget, 14)).toBe(0);
    expect(massMailCeiling(budget, 400)).toBe(0);
  });

  it("never lets mass mail into the reserve, nor past the account rate", () => {
    fc.assert(
      fc.property(budgets, fc.nat(10_000), fc.nat(10_000), (budget, used, transactional) => {
        const ceiling = massMailCeiling(budget, transactional);
        expect(ceiling).toBeGreaterThanOrEqual(0);
        expect(ceiling).toBeLessThanOrEqual(budget.accountRate - effectiveReserve(budget));
        expect(ceiling).toBeLessThanOrEqual(Math.max(0, budget.accountRate - transactional));
        // A mass send is allowed only below the ceiling, so with it the second stays within it.
        if (mayMassSend(budget, used, transactional)) expect(used + 1).toBeLessThanOrEqual(ceiling);
      }),
    );
  });

  it("still sends mass mail on an idle service, however large the reserve is set", () => {
    fc.assert(
      fc.property(budgets, (budget) => {
        expect(mayMassSend(budget, 0, 0)).toBe(true);
      }),
    );
  });
});
