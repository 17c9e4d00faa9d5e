/**
 * GET, POST and DELETE /admin/blocks: the sysadmins' block lists (IPs, email domains with
 * wildcards, emails). A blocked signer is answered and mailed as usual, and never counted. The
 * site settings' routes (functions/http/admin-settings.ts) are served here too.
 */
import { NotFoundError } from "../../shared/errors.ts";
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { addBlock, listBlocks, removeBlock } from "../../shared/signatures/limits.ts";
import { addBlockRoute, listBlocksRoute, removeBlockRoute } from "./admin-blocks.contract.ts";
import { settingsHandlers } from "./admin-settings.ts";

const config = functionConfig("AdminBlocks");

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

/** One function serves the block lists and the site settings, as API Gateway invokes it. */
export const handler = byRoute({
  "GET /admin/blocks": listHandler,
  "POST /admin/blocks": addHandler,
  "DELETE /admin/blocks": removeHandler,
  ...settingsHandlers(config),
});
