/**
 * GET, POST and DELETE /admin/blocks: the sysadmins' block lists (IPs, email domains with
 * wildcards, emails). A blocked signer is answered and mailed as usual, and never counted.
 */
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byMethod, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { addBlock, listBlocks, removeBlock } from "../../shared/signatures/limits.ts";
import { addBlockRoute, listBlocksRoute, removeBlockRoute } from "./admin-blocks.contract.ts";

functionConfig("AdminBlocks");

export const listHandler = httpRoute(listBlocksRoute, async () =>
  json(200, { data: await listBlocks(true) }, { "cache-control": "no-store" }),
);

export const addHandler = httpRoute(addBlockRoute, async ({ body, staff }) =>
  json(201, { data: await addBlock(body, staff?.id ?? "unknown", new Date()) }),
);

export const removeHandler = httpRoute(removeBlockRoute, async ({ query }) => {
  if (!(await removeBlock(query.kind, query.value)))
    throw new NotFoundError("Nothing is blocked under that value");
  return json(200, { removed: query });
});

/** One function serves the three methods of the route, as API Gateway invokes it. */
export const handler = byMethod({ GET: listHandler, POST: addHandler, DELETE: removeHandler });
