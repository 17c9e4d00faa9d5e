/**
 * The moderators' tools: GET /admin/search, PUT /admin/petitions/{id}/note, /tags and /texts,
 * POST /admin/petitions/{id}/sponsor-email; and the tag list, GET and PUT /admin/tags.
 */
import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { presentAdminPetition } from "../../shared/petitions/queues.ts";
import { editTexts, resendSponsorLink, setNote, setTags } from "../../shared/petitions/staff-tools.ts";
import type { StoredPetition } from "../../shared/petitions/store.ts";
import { getTagList, setTagList } from "../../shared/petitions/tags.ts";
import { staffSearch } from "../../shared/search/staff-search.ts";
import {
  listTagsRoute,
  noteRoute,
  petitionTagsRoute,
  setTagsRoute,
  sponsorEmailRoute,
  staffSearchRoute,
  textsRoute,
} from "./admin-moderation-tools.contract.ts";

const config = functionConfig("AdminModerationTools");

const NO_STORE = { "cache-control": "no-store" };
const answer = (petition: StoredPetition) => json(200, { data: presentAdminPetition(petition) }, NO_STORE);
const signedIn = <T>(staff: T | null): T => {
  if (!staff) throw new Error("The role check did not run");
  return staff;
};

export const handler = byRoute({
  "GET /admin/search": httpRoute(staffSearchRoute, async ({ query }) => {
    const { jump, petitions } = await staffSearch(query.q);
    return json(200, { jump, data: petitions.map(presentAdminPetition) }, NO_STORE);
  }),
  "PUT /admin/petitions/{id}/note": httpRoute(noteRoute, async ({ path, body, staff }) =>
    answer(await setNote(path.id, body, signedIn(staff), new Date())),
  ),
  "PUT /admin/petitions/{id}/tags": httpRoute(petitionTagsRoute, async ({ path, body, staff }) =>
    answer(await setTags(path.id, body, signedIn(staff), new Date())),
  ),
  "PUT /admin/petitions/{id}/texts": httpRoute(textsRoute, async ({ path, body, staff }) =>
    answer(await editTexts(path.id, body, signedIn(staff), new Date())),
  ),
  "POST /admin/petitions/{id}/sponsor-email": httpRoute(sponsorEmailRoute, async ({ path, staff }) =>
    answer(await resendSponsorLink(path.id, signedIn(staff), new Date(), config.PUBLIC_URL)),
  ),
  "GET /admin/tags": httpRoute(listTagsRoute, async () => json(200, { data: await getTagList() }, NO_STORE)),
  "PUT /admin/tags": httpRoute(setTagsRoute, async ({ body, staff }) =>
    json(200, { data: await setTagList(body.tags, signedIn(staff), new Date()) }, NO_STORE),
  ),
});
