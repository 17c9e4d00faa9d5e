/** GET /petitions.json: published petitions by facet, searched with `q`, paged as petition.parliament.uk. */
import { functionConfig } from "../../shared/function-config.ts";
import { httpRoute } from "../../shared/http/handler.ts";
import { json, redirect } from "../../shared/http/responses.ts";
import { unknownStateRedirect } from "../../shared/petitions/list-params.ts";
import { listPetitions, listRequest } from "../../shared/petitions/listing.ts";
import { requestedUrl } from "../../shared/petitions/request-url.ts";
import { listPetitionsRoute } from "./list-petitions.contract.ts";

const config = functionConfig("ListPetitions");

export const handler = httpRoute(listPetitionsRoute, async ({ query, event }) => {
  const raw = event.queryStringParameters ?? {};
  // An unknown facet is not an error: the reader is sent to every petition instead.
  const elsewhere = unknownStateRedirect(`${config.PUBLIC_URL}/petitions.json`, raw);
  if (elsewhere) return redirect(elsewhere, 302);
  const asked = listRequest({ ...raw, q: query.q });
  return json(
    200,
    await listPetitions(asked.query, config.PUBLIC_URL, {
      url: requestedUrl(config.PUBLIC_URL, event),
      params: asked.params,
    }),
  );
});
