/**
 * One-line fields (a petition's action, names, addresses, postcodes, a response's summary) take
 * no line breaks: they go into subjects, greetings and lists, where a line break could start a
 * new header or forge a paragraph. Checked on the text as sent, before any trimming.
 */
import * as z from "../zod.ts";

/** CR, LF and the other characters Unicode treats as ending a line. */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029\v\f]/;

export const hasLineBreak = (text: string): boolean => LINE_BREAK.test(text);

/** A string on one line; `field` names it in the refusal. */
export const oneLineString = (field: string, error?: string) =>
  z.string(error ? { error } : undefined).check(
    z.refine((s) => !hasLineBreak(s), {
      message: `The ${field} must be on one line`,
      params: { code: "line_break" },
      abort: true,
    }),
  );
