/**
 * One SES account send rate, shared by every email the service sends. Transactional email
 * (confirmations, the creator's and moderators' messages) is never held back; mass mail takes
 * only what they leave: in each second it may bring the second's total sends up to the account
 * rate less the larger of a fixed reserve and the transactional sends of the second before. So a
 * mass mailing never delays a signer's confirmation, and it yields the whole budget when
 * confirmations need it.
 */
export interface MailBudget {
  /** The account's maximum send rate (SES's "maximum send rate"), emails per second. */
  accountRate: number;
  /** Sends per second always left for transactional email. */
  reserve: number;
}

/** The reserve actually kept: at most the rate less one, so an idle service still sends mass mail. */
export const effectiveReserve = (budget: MailBudget) =>
  Math.max(0, Math.min(budget.reserve, budget.accountRate - 1));

/** How high mass mail may bring this second's total sends (transactional ones included). */
export function massMailCeiling(budget: MailBudget, transactionalLastSecond: number): number {
  return Math.max(0, budget.accountRate - Math.max(effectiveReserve(budget), transactionalLastSecond));
}

/** May one more mass email go in this second? */
export const mayMassSend = (budget: MailBudget, usedThisSecond: number, transactionalLastSecond: number) =>
  usedThisSecond < massMailCeiling(budget, transactionalLastSecond);
