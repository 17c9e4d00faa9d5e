/** The threshold report: the petitions that crossed a threshold since a date. */
import { londonDate, startOfLondonDay } from "../../domain/closing-date.ts";
import { reportSince, thresholdReportQuery } from "../../petitions/thresholds.ts";
import * as z from "../../zod.ts";
import { type FormBody, page } from "../page.ts";
import { dateParts, noStore, STAFF_NAV, type StaffPage } from "./staff.ts";
import { dateField } from "./staff-response-forms.ts";

/** GET /staff/reports/thresholds?since-day=&since-month=&since-year=: crossings since a date. */
export const thresholdReportPage: StaffPage<Record<string, string | undefined>> = async (
  site,
  event,
  staff,
  raw,
) => {
  const form: FormBody = Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const date = dateField(form, "since");
  const day = date !== undefined && z.iso.date().safeParse(date).success ? date : null;
  const parsed = thresholdReportQuery.safeParse(
    date === undefined ? {} : { since: day ? startOfLondonDay(day).toISOString() : "not a date" },
  );
  const errors = parsed.success
    ? { list: [], byField: {} }
    : {
        list: [{ text: "The date must be a real date", href: "#since-day" }],
        byField: { since: { text: "The date must be a real date" } },
      };
  const since = parsed.success ? parsed.data.since : thresholdReportQuery.parse({}).since;
  const entries = parsed.success ? await reportSince(since) : [];
  const thresholds = { response: site.THRESHOLD_FOR_RESPONSE, debate: site.THRESHOLD_FOR_DEBATE };
  return noStore(
    page(
      site,
      event,
      "staff/thresholds.njk",
      {
        staff,
        form: true,
        errors,
        since: parsed.success
          ? dateParts(londonDate(new Date(since)))
          : { day: raw["since-day"], month: raw["since-month"], year: raw["since-year"] },
        sinceDate: londonDate(new Date(since)),
        entries: entries.map((e) => ({
          ...e,
          threshold_label:
            e.threshold === "response"
              ? `Government response (${thresholds.response.toLocaleString("en-GB")})`
              : `Debate (${thresholds.debate.toLocaleString("en-GB")})`,
          reached_on: londonDate(new Date(e.reached_at)),
        })),
        navigation: STAFF_NAV,
      },
      parsed.success ? 200 : 422,
    ),
  );
};
