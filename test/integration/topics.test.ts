/**
 * Topics and departments, as staff set them and the public reads them: /topics.json in
 * e-petitions' shape, a petition's `topics` and `departments` in its JSON and on its page, and
 * the `topic=` filter listing exactly the tagged petitions.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { call, drain, get, getItem, post, staffToken } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";

interface ListAnswer {
  data: { id: number; attributes: { topics: string[] } }[];
  links: { next: string | null; first: string };
}
interface PetitionAnswer {
  data: { attributes: { topics: string[]; departments: { acronym: string; name: string; url: string }[] } };
}

const code = () => `t-${randomUUID().slice(0, 8)}`;

async function newTopic(name = `Topic ${randomUUID().slice(0, 8)}`) {
  const token = await staffToken("sysadmin");
  const topic = { code: code(), name };
  const answer = await post("/admin/topics", topic, { token });
  expect(answer.status).toBe(201);
  return topic;
}

const classify = async (id: number, body: Record<string, unknown>) =>
  call("PUT", `/admin/petitions/${id}/classification`, { body, token: await staffToken("moderator") });

const listed = async (query: string) => {
  await drain();
  return (await get<ListAnswer>(`/petitions.json?${query}`)).body;
};

describe("topics", () => {
  it("are listed by /topics.json keyed by code, and only sysadmins manage them", async () => {
    const topic = await newTopic();
    const answer = await get<Record<string, { code: string; name: string }>>("/topics.json");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.body[topic.code]).toEqual(topic);

    const moderator = await staffToken("moderator");
    expect((await post("/admin/topics", { code: code(), name: "x" }, { token: moderator })).status).toBe(403);
    expect((await post("/admin/topics", { code: code(), name: "x" })).status).toBe(401);
    const sysadmin = await staffToken("sysadmin", "sysadmin-topics");
    const bad = await post<{ errors: { field: string }[] }>(
      "/admin/topics",
      { code: "Not A Code!", name: "x" },
      { token: sysadmin },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toContain("code");
    const taken = await post<{ errors: { field: string }[] }>("/admin/topics", topic, { token: sysadmin });
    expect(taken.status).toBe(422);

    const renamed = await call<{ data: { name: string; updated_by: string } }>(
      "PUT",
      `/admin/topics/${topic.code}`,
      {
        body: { name: `${topic.name} renamed` },
        token: sysadmin,
      },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.updated_by).toBe("sysadmin-topics");
    expect((await get<Record<string, { name: string }>>("/topics.json")).body[topic.code]?.name).toBe(
      `${topic.name} renamed`,
    );
  });

  it("filter the lists to exactly the tagged petitions, and leave a petition when deleted", async () => {
    const topic = await newTopic();
    const other = await newTopic();
    const [a, b, c] = [await openPetition(), await openPetition(), await openPetition()];
    expect((await classify(a.id, { topics: [topic.code], departments: [] })).status).toBe(200);
    expect((await classify(b.id, { topics: [topic.code, other.code], departments: [] })).status).toBe(200);
    expect((await classify(c.id, { topics: [other.code], departments: [] })).status).toBe(200);

    await expect
      .poll(async () => (await listed(`topic=${topic.code}`)).data.map((p) => p.id).sort())
      .toEqual([a.id, b.id].sort());
    const list = await listed(`topic=${topic.code}&state=open&count=1`);
    expect(list.data).toHaveLength(1);
    expect(list.links.next).toContain(`topic=${topic.code}`);
    expect((await listed(`topic=${other.code}`)).data.map((p) => p.id).sort()).toEqual([b.id, c.id].sort());
    // A code no topic has lists nothing; a value that is no code is ignored.
    expect((await listed("topic=no-such-topic")).data).toEqual([]);
    expect((await listed("topic=!!")).data.length).toBeGreaterThan(0);

    // The list page filters alike and names the topic.
    const page = await call("GET", `/petitions?topic=${topic.code}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Topic: ${topic.name}`);
    expect(page.text).toContain(`/petitions/${a.id}"`);
    expect(page.text).not.toContain(`/petitions/${c.id}"`);

    const sysadmin = await staffToken("sysadmin");
    const deleted = await call<{ petitions: number }>("DELETE", `/admin/topics/${topic.code}`, {
      token: sysadmin,
    });
    expect(deleted.status).toBe(200);
    expect(deleted.body.petitions).toBe(2);
    const after = (await get<PetitionAnswer>(`/petitions/${b.id}.json`)).body.data.attributes;
    expect(after.topics).toEqual([other.code]);
    await expect.poll(async () => (await listed(`topic=${topic.code}`)).data).toEqual([]);
    expect((await call("DELETE", `/admin/topics/${topic.code}`, { token: sysadmin })).status).toBe(404);
  });
});

describe("a petition's topics and departments", () => {
  it("are set by a moderator, recorded with who did it, and shown in the JSON and on the page", async () => {
    const topic = await newTopic();
    const petition = await openPetition();
    expect(
      (await get<PetitionAnswer>(`/petitions/${petition.id}.json`)).body.data.attributes.departments,
    ).toEqual([]);
    const answer = await call("PUT", `/admin/petitions/${petition.id}/classification`, {
      body: { topics: [topic.code], departments: ["hm-treasury", "department-for-education"] },
      token: await staffToken("moderator", "moderator-classifies"),
    });
    expect(answer.status).toBe(200);

    const attributes = (await get<PetitionAnswer>(`/petitions/${petition.id}.json`)).body.data.attributes;
    expect(attributes.topics).toEqual([topic.code]);
    // Sorted by name, as e-petitions renders them.
    expect(attributes.departments).toEqual([
      {
        acronym: "DfE",
        name: "Department for Education",
        url: "https://www.gov.uk/government/organisations/department-for-education",
      },
      { acronym: "HMT", name: "HM Treasury", url: "https://www.gov.uk/government/organisations/hm-treasury" },
    ]);
    const item = await getItem(`PETITION#${petition.id}`, "PETITION");
    const log = item?.moderation_log as { action: string; staff_id: string; at: string }[];
    expect(log.at(-1)).toMatchObject({ action: "classification", staff_id: "moderator-classifies" });

    const page = await call("GET", `/petitions/${petition.id}`, { headers: { accept: "text/html" } });
    expect(page.text).toContain('id="departments"');
    expect(page.text).toContain("HM Treasury");
    expect(page.text).toContain("https://www.gov.uk/government/organisations/department-for-education");
  });

  it("refuses unknown topics and departments naming the field, and needs the moderator role", async () => {
    const petition = await openPetition();
    const unknownTopic = await classify(petition.id, { topics: ["no-such-topic"], departments: [] });
    expect(unknownTopic.status).toBe(422);
    expect((unknownTopic.body as { errors: { field: string }[] }).errors[0]?.field).toBe("topics");
    const unknownDepartment = await classify(petition.id, { topics: [], departments: ["ministry-of-magic"] });
    expect(unknownDepartment.status).toBe(422);
    expect((unknownDepartment.body as { errors: { field: string }[] }).errors[0]?.field).toBe("departments");
    const notAList = await classify(petition.id, { topics: "economy", departments: [] });
    expect(notAList.status).toBe(422);
    const missing = await classify(petition.id, { topics: [] });
    expect(missing.status).toBe(422);
    expect((missing.body as { errors: { field: string }[] }).errors[0]?.field).toBe("departments");
    expect((await call("PUT", `/admin/petitions/${petition.id}/classification`, { body: {} })).status).toBe(
      401,
    );
    const item = await getItem(`PETITION#${petition.id}`, "PETITION");
    expect(item?.topics).toBeUndefined();
  });
});
