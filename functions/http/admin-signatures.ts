/**
 * The sysadmins' per-signature tools: GET /admin/signatures (search signatures),
 * GET /admin/signatures/{id} (one signature),
 * POST /admin/signatures/actions, GET /admin/access-log, GET /admin/petitions/{id}/trending-sources
 * and the trending allow list (GET, POST, DELETE /admin/trending-allow-list).
 */
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { readAccessLog } from "../../shared/signatures/access-log.ts";
import { actAndLog, searchAndLog, viewAndLog } from "../../shared/signatures/staff-tools.ts";
import { addAllowed, listAllowed, removeAllowed } from "../../shared/signatures/trend-allow-list.ts";
import { trendingSourcesOf } from "../../shared/signatures/trending-sources.ts";
import {
  accessLogRoute,
  addAllowedRoute,
  listAllowedRoute,
  removeAllowedRoute,
  searchSignaturesRoute,
  signatureActionsRoute,
  signatureRoute,
  trendingSourcesRoute,
} from "./admin-signatures.contract.ts";

const config = functionConfig("AdminSignatures");

const NO_STORE = { "cache-control": "no-store" };

/** The staff id the role check put there. */
const staffId = (staff: { id: string } | null): string => {
  if (!staff) throw new Error("The role check did not run");
  return staff.id;
};

export const handler = byRoute({
  "GET /admin/signatures": httpRoute(searchSignaturesRoute, async ({ query, staff }) =>
    json(200, await searchAndLog(query, staffId(staff), config, new Date()), NO_STORE),
  ),
  "GET /admin/signatures/{id}": httpRoute(signatureRoute, async ({ path, staff }) => {
    const signature = await viewAndLog(path.id, staffId(staff), new Date());
    if (!signature) throw new NotFoundError("No signature has that id");
    return json(200, { data: signature }, NO_STORE);
  }),
  "POST /admin/signatures/actions": httpRoute(signatureActionsRoute, async ({ body, staff }) =>
    json(200, { data: await actAndLog(body.signatures, body.action, staffId(staff), new Date()) }),
  ),
  "GET /admin/access-log": httpRoute(accessLogRoute, async ({ query }) => {
    const month = query.month ?? new Date().toISOString().slice(0, 7);
    return json(200, { month, data: await readAccessLog(month) }, NO_STORE);
  }),
  "GET /admin/petitions/{id}/trending-sources": httpRoute(trendingSourcesRoute, async ({ path, query }) =>
    json(
      200,
      {
        petition_id: path.id,
        threshold: config.TRENDING_THRESHOLD,
        data: await trendingSourcesOf(path.id, query.hours, config.TRENDING_THRESHOLD, new Date()),
      },
      NO_STORE,
    ),
  ),
  "GET /admin/trending-allow-list": httpRoute(listAllowedRoute, async () =>
    json(200, { data: await listAllowed(true) }, NO_STORE),
  ),
  "POST /admin/trending-allow-list": httpRoute(addAllowedRoute, async ({ body, staff }) =>
    json(201, { data: await addAllowed(body, staffId(staff), new Date()) }),
  ),
  "DELETE /admin/trending-allow-list": httpRoute(removeAllowedRoute, async ({ query }) => {
    if (!(await removeAllowed(query.kind, query.value)))
      throw new NotFoundError("That entry is not on the list");
    return json(200, { removed: query });
  }),
});
