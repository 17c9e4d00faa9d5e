/**
 * zod for every module: its mini build, whose schemas are plain functions (`z.optional(s)`,
 * `s.check(z.maxLength(n))`) rather than methods, so a bundle keeps only the parts it calls
 * (about 40 KB of a bundle, against ~95 KB of the classic build, whose schema classes carry
 * every method), with the English messages the classic build loads by default and the
 * service's answers quote. Import it as `import * as z from "<path>/zod.ts"`.
 */
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

z.config(en());

export * from "zod/mini";
