/**
 * /admin/invalidations: sysadmins name signatures to invalidate by criteria, preview how many
 * match, start the job (functions/streams/invalidate-signatures.ts runs its pages) and cancel it.
 * Each action is logged on the invalidation with the staff id and time.
 */
import { NotFoundError, StateConflictError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import {
  createInvalidation,
  listInvalidations,
  presentInvalidation,
} from "../../shared/signatures/invalidation.ts";
import {
  cancelInvalidation,
  getInvalidation,
  previewInvalidation,
  startInvalidation,
} from "../../shared/signatures/invalidation-actions.ts";
import {
  cancelInvalidationRoute,
  countInvalidationRoute,
  createInvalidationRoute,
  getInvalidationRoute,
  listInvalidationsRoute,
  startInvalidationRoute,
} from "./admin-invalidations.contract.ts";

const config = functionConfig("AdminInvalidations");
const noStore = { "cache-control": "no-store" };

async function existing(id: string) {
  const record = await getInvalidation(id);
  if (!record) throw new NotFoundError("No invalidation has that id");
  return record;
}

const staffOf = (staff: { id: string } | null) => ({ id: staff?.id ?? "unknown" });

export const handler = byRoute({
  "GET /admin/invalidations": httpRoute(listInvalidationsRoute, async ({ query }) =>
    json(200, { data: (await listInvalidations(query.state)).map(presentInvalidation) }, noStore),
  ),
  "POST /admin/invalidations": httpRoute(createInvalidationRoute, async ({ body, staff }) => {
    const record = await createInvalidation(body, staffOf(staff).id, new Date());
    return json(201, { id: record.id, state: record.state, data: presentInvalidation(record) }, noStore);
  }),
  "GET /admin/invalidations/{id}": httpRoute(getInvalidationRoute, async ({ path }) =>
    json(200, { data: presentInvalidation(await existing(path.id)) }, noStore),
  ),
  "POST /admin/invalidations/{id}/count": httpRoute(countInvalidationRoute, async ({ path, staff }) => {
    const matching = await previewInvalidation(await existing(path.id), staffOf(staff), config);
    if (matching === null) throw new StateConflictError("Only a pending invalidation can be counted");
    return json(200, { matching_count: matching }, noStore);
  }),
  "POST /admin/invalidations/{id}/start": httpRoute(startInvalidationRoute, async ({ path, staff }) => {
    if (!(await startInvalidation(await existing(path.id), staffOf(staff))))
      throw new StateConflictError("Only a pending invalidation can be started");
    return json(202, { data: presentInvalidation(await existing(path.id)) }, noStore);
  }),
  "POST /admin/invalidations/{id}/cancel": httpRoute(cancelInvalidationRoute, async ({ path, staff }) => {
    if (!(await cancelInvalidation(path.id, staffOf(staff)))) {
      await existing(path.id);
      throw new StateConflictError("This invalidation has already finished or been cancelled");
    }
    return json(202, { data: presentInvalidation(await existing(path.id)) }, noStore);
  }),
});
