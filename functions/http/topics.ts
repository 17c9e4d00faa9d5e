/**
 * GET /topics.json, the sysadmins' topics (GET, POST /admin/topics; PUT, DELETE
 * /admin/topics/{code}), a moderator's PUT /admin/petitions/{id}/classification (topics and
 * departments), GET /parliaments.json and the sysadmins' GET, PUT /admin/parliament (the
 * dissolution), POST /admin/parliament/announcement and GET /archived/petitions.json: one function, since each is small and rarely called.
 */

import { functionConfig } from "../../shared/function-config.ts";
import { byRoute, httpRoute } from "../../shared/http/handler.ts";
import { json } from "../../shared/http/responses.ts";
import { archivedListUrl } from "../../shared/petitions/archive.ts";
import { archivedList } from "../../shared/petitions/archive-list.ts";
import { departments } from "../../shared/petitions/departments.ts";
import {
  allParliaments,
  currentParliament,
  presentParliament,
  presentParliaments,
  requestAnnouncement,
  setDissolution,
} from "../../shared/petitions/parliament.ts";
import { presentAttributes } from "../../shared/petitions/present.ts";
import {
  createTopic,
  deleteTopic,
  listTopics,
  renameTopic,
  setClassification,
} from "../../shared/petitions/topics.ts";
import {
  announceRoute,
  archivedListRoute,
  getParliamentRoute,
  parliamentsJsonRoute,
  setParliamentRoute,
} from "./parliament.contract.ts";
import {
  classificationRoute,
  createTopicRoute,
  deleteTopicRoute,
  listTopicsRoute,
  renameTopicRoute,
  topicsJsonRoute,
} from "./topics.contract.ts";

const config = functionConfig("Topics");

const NO_STORE = { "cache-control": "no-store" };

/** The staff identity the role check put there. */
const who = <T>(staff: T | null): T => {
  if (!staff) throw new Error("The role check did not run");
  return staff;
};

export const handler = byRoute({
  "GET /topics.json": httpRoute(topicsJsonRoute, async () => {
    const topics = await listTopics();
    return json(200, Object.fromEntries(topics.map(({ code, name }) => [code, { code, name }])));
  }),
  "GET /admin/topics": httpRoute(listTopicsRoute, async () =>
    json(200, { data: await listTopics(), departments }, NO_STORE),
  ),
  "POST /admin/topics": httpRoute(createTopicRoute, async ({ body, staff }) =>
    json(201, { data: await createTopic(body, who(staff), new Date()) }),
  ),
  "PUT /admin/topics/{code}": httpRoute(renameTopicRoute, async ({ path, body, staff }) =>
    json(200, { data: await renameTopic(path.code, body.name, who(staff), new Date()) }),
  ),
  "DELETE /admin/topics/{code}": httpRoute(deleteTopicRoute, async ({ path, staff }) =>
    json(200, { deleted: path.code, petitions: await deleteTopic(path.code, who(staff), new Date()) }),
  ),
  "PUT /admin/petitions/{id}/classification": httpRoute(
    classificationRoute,
    async ({ path, body, staff }) => {
      const petition = await setClassification(path.id, body, who(staff), new Date());
      return json(200, { data: { id: petition.id, attributes: presentAttributes(petition) } });
    },
  ),
  "GET /parliaments.json": httpRoute(parliamentsJsonRoute, async () =>
    json(200, presentParliaments(await allParliaments())),
  ),
  "GET /admin/parliament": httpRoute(getParliamentRoute, async () =>
    json(200, { data: presentParliament(await currentParliament(true)) }, NO_STORE),
  ),
  "PUT /admin/parliament": httpRoute(setParliamentRoute, async ({ body, staff }) =>
    json(200, { data: presentParliament(await setDissolution(body, who(staff), new Date())) }),
  ),
  "GET /archived/petitions.json": httpRoute(archivedListRoute, async ({ query }) => {
    const base = config.PUBLIC_URL;
    const { parliament, data, more } = await archivedList(query, base);
    const link = (page: number) => archivedListUrl(base, { ...query, parliament }, page);
    return json(200, {
      links: {
        self: link(query.page),
        first: link(1),
        last: null,
        next: more ? link(query.page + 1) : null,
        prev: query.page > 1 ? link(query.page - 1) : null,
      },
      data,
    });
  }),
  "POST /admin/parliament/announcement": httpRoute(announceRoute, async ({ staff }) =>
    json(202, { data: presentParliament(await requestAnnouncement(who(staff), new Date())) }),
  ),
});
