/**
 * GET, POST and DELETE /admin/suppressions: the sysadmins' view of the suppression list. An
 * address on it gets no email at all; SES's bounces and complaints add to it, and a sysadmin
 * can add an address (someone asked to hear nothing more) or remove one (a mailbox fixed).
 * Entries show no address: look one up with `?email=`.
 */

import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byMethod, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import {
  getSuppression,
  listSuppressions,
  suppress,
  suppressionIdOf,
  unsuppress,
} from "../../shared/mail/suppression.ts";
import {
  addSuppressionRoute,
  listSuppressionsRoute,
  removeSuppressionRoute,
} from "./admin-suppressions.contract.ts";

functionConfig("AdminSuppressions");

const noStore = { "cache-control": "no-store" };

export const listHandler = httpRoute(listSuppressionsRoute, async ({ query }) => {
  if (query.email) {
    const entry = await getSuppression(query.email);
    return json(200, { data: entry ? [entry] : [], next_cursor: null }, noStore);
  }
  return json(200, await listSuppressions(query.cursor), noStore);
});

export const addHandler = httpRoute(addSuppressionRoute, async ({ body, staff }) => {
  const added = await suppress(
    body.email,
    { reason: "manual", detail: body.note ?? null, by: staff?.id ?? "unknown" },
    new Date(),
  );
  const entry = await getSuppression(body.email);
  return json(added ? 201 : 200, { data: entry, added }, noStore);
});

export const removeHandler = httpRoute(removeSuppressionRoute, async ({ query }) => {
  if (!(await unsuppress(query.email))) throw new NotFoundError("That address is not suppressed");
  return json(200, { removed: { id: suppressionIdOf(query.email) } }, noStore);
});

/** One function serves the three methods of the route, as API Gateway invokes it. */
export const handler = byMethod({ GET: listHandler, POST: addHandler, DELETE: removeHandler });
