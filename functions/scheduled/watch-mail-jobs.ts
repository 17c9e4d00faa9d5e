/**
 * Every five minutes: reports each running mass-mail job that has sent nothing for fifteen
 * minutes (the MailJobStalled metric, which raises an alarm), and stops watching jobs that ended.
 */
import middy from "@middy/core";
import { functionConfig } from "../../shared/function-config.ts";
import { checkMailJobs } from "../../shared/mail/stalls.ts";
import { observed } from "../../shared/observe.ts";

functionConfig("WatchMailJobs");

export const handler = middy()
  .use(observed())
  .handler(() => checkMailJobs(new Date()));
