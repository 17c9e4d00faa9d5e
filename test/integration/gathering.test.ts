/**
 * A petition before publication has the pages petition.parliament.uk gives it: gathering support
 * (supporters so far, how many more it needs), then "we're checking this petition"; its address,
 * page and JSON alike, redirects there, and its text stays unpublished until it is checked.
 */
import { describe, expect, it } from "vitest";
import { drain, get } from "../support/api.ts";
import { gatherSponsors, moderate, startPetition } from "../support/flows.ts";

const HTML = { accept: "text/html" };
const h1 = (html: string) => html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1]?.trim();
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("a petition before publication", () => {
  it("gathering supporters shows how many it has and needs, and redirects its page and JSON there", async () => {
    const action = `Plant hedges along every motorway ${Date.now()}`;
    const petition = await startPetition({ action });
    await gatherSponsors(petition, 2);
    await drain();
    const gathering = `/petitions/${petition.id}/gathering-support`;

    for (const address of [`/petitions/${petition.id}`, `/petitions/${petition.id}.json`]) {
      const answer = await get(address, { headers: HTML });
      expect(answer.status, address).toBe(302);
      expect(answer.headers.get("location"), address).toBe(gathering);
      expect(answer.headers.get("cache-control"), address).toBe("no-store");
    }
    const page = await get(gathering, { headers: HTML });
    expect(page.status).toBe(200);
    expect(h1(page.text)).toBe("This petition is gathering support");
    expect(text(page.text)).toContain(
      "This petition needs 3 more supporters before we will check that it meets the petition standards and publish it.",
    );
    expect(text(page.text)).toContain("2 people have supported it so far.");
    expect(page.text).not.toContain(action);
    // The other page leads back here.
    const other = await get(`/petitions/${petition.id}/moderation-info`, { headers: HTML });
    expect(other.status).toBe(302);
    expect(other.headers.get("location")).toBe(gathering);
  });

  it("awaiting moderation shows the being-checked page, and its own page once published", async () => {
    const action = `Light every footpath in the county ${Date.now()}`;
    const petition = await startPetition({ action });
    await gatherSponsors(petition, 5);
    await drain();
    const checking = `/petitions/${petition.id}/moderation-info`;

    for (const address of [`/petitions/${petition.id}`, `/petitions/${petition.id}.json`]) {
      const answer = await get(address, { headers: HTML });
      expect(answer.status, address).toBe(302);
      expect(answer.headers.get("location"), address).toBe(checking);
    }
    const page = await get(checking, { headers: HTML });
    expect(page.status).toBe(200);
    expect(h1(page.text)).toBe("We’re checking this petition");
    expect(text(page.text)).toContain("5 people have already supported this petition.");
    expect(text(page.text)).not.toContain("No more people can sign");
    expect(text(page.text)).toContain(
      "We need to check it meets the petition standards before we publish it.",
    );
    expect(page.text).not.toContain(action);

    expect((await moderate(petition.id, { decision: "publish" })).status).toBe(200);
    for (const address of [checking, `/petitions/${petition.id}/gathering-support`]) {
      const answer = await get(address, { headers: HTML });
      expect(answer.status, address).toBe(302);
      expect(answer.headers.get("location"), address).toBe(`/petitions/${petition.id}`);
    }
    expect((await get(`/petitions/${petition.id}.json`)).status).toBe(200);
  });

  it("answers 404 for an id no petition has, on both pages", async () => {
    for (const page of ["gathering-support", "moderation-info"]) {
      expect((await get(`/petitions/999999991/${page}`, { headers: HTML })).status).toBe(404);
      expect((await get(`/petitions/abc/${page}`, { headers: HTML })).status).toBe(400);
    }
  });
});
