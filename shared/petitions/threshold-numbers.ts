/**
 * The thresholds that emails and pages name, from the settings (never a literal), and how they
 * are written: `10,000`. Defaults are the settings' own (e-petitions' 5, 10,000 and 100,000).
 */
import { settings } from "../config.ts";

export interface ThresholdNumbers {
  /** Supporters a new petition needs before it is checked. */
  moderation: number;
  response: number;
  debate: number;
}

export interface ThresholdConfig {
  THRESHOLD_FOR_MODERATION?: number;
  THRESHOLD_FOR_RESPONSE?: number;
  THRESHOLD_FOR_DEBATE?: number;
}

export const DEFAULT_THRESHOLDS: Readonly<ThresholdNumbers> = {
  moderation: settings.THRESHOLD_FOR_MODERATION.parse(undefined),
  response: settings.THRESHOLD_FOR_RESPONSE.parse(undefined),
  debate: settings.THRESHOLD_FOR_DEBATE.parse(undefined),
};

/** The numbers a function's settings name, each falling back to its default. */
export function thresholdNumbers(config: ThresholdConfig): ThresholdNumbers {
  return {
    moderation: config.THRESHOLD_FOR_MODERATION ?? DEFAULT_THRESHOLDS.moderation,
    response: config.THRESHOLD_FOR_RESPONSE ?? DEFAULT_THRESHOLDS.response,
    debate: config.THRESHOLD_FOR_DEBATE ?? DEFAULT_THRESHOLDS.debate,
  };
}

/** `10,000`. */
export const figure = (n: number) => n.toLocaleString("en-GB");

/** `1 supporter`, `5 supporters`. */
export const supporters = (n: number) => `${figure(n)} ${n === 1 ? "supporter" : "supporters"}`;
