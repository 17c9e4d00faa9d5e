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

/** Each address, page or JSON, redirects (302, never cached) to `to`. */
async function expectRedirects(addresses: string[], to: string) {
  for (const address of addresses) {
    const answer = await get(address, { headers: HTML });
    expect(answer.status, address).toBe(302);
    expect(answer.headers.get("location"), address).toBe(to);
    expect(answer.headers.get("cache-control"), address).toBe("no-store");
  }
}

/**
 * A petition started and given `supporters` confirmed supporters: its address and JSON redirect
 * to `page`, which answers 200 without the petition's text.
 */
async function withSupporters(supporters: number, page: "gathering-support" | "moderation-info") {
  const action = `Plant hedges along every motorway ${Date.now()}`;
  const petition = await startPetition({ action });
  await gatherSponsors(petition, supporters);
  await drain();
  const address = `/petitions/${petition.id}/${page}`;
  await expectRedirects([`/petitions/${petition.id}`, `/petitions/${petition.id}.json`], address);
  const answer = await get(address, { headers: HTML });
  expect(answer.status).toBe(200);
  expect(answer.text).not.toContain(action);
  return { id: petition.id, html: answer.text };
}

describe("a petition before publication", () => {
  it("gathering supporters shows how many it has and needs, and redirects its page and JSON there", async () => {
    const { id, html } = await withSupporters(2, "gathering-support");
    expect(h1(html)).toBe("This petition is gathering support");
    expect(text(html)).toContain(
      "This petition needs 3 more supporters before we will check that it meets the petition standards and publish it.",
    );
    expect(text(html)).toContain("2 people have supported it so far.");
    // Its count.json answers, as there: the creator and two supporters.
    const count = await get<{ signature_count: number }>(`/petitions/${id}/count.json`);
    expect(count.status).toBe(200);
    expect(count.body.signature_count).toBe(3);
    // The other page leads back here.
    await expectRedirects([`/petitions/${id}/moderation-info`], `/petitions/${id}/gathering-support`);
  });

  it("awaiting moderation shows the being-checked page, and its own page once published", async () => {
    const { id, html } = await withSupporters(5, "moderation-info");
    expect(h1(html)).toBe("We’re checking this petition");
    expect(html).toMatch(/<title>This petition has been sent to moderation – /);
    expect(text(html)).toContain("5 people have already supported this petition.");
    expect(text(html)).not.toContain("No more people can sign");
    expect(text(html)).toContain("We need to check it meets the petition standards before we publish it.");

    expect((await moderate(id, { decision: "publish" })).status).toBe(200);
    await expectRedirects(
      [`/petitions/${id}/moderation-info`, `/petitions/${id}/gathering-support`],
      `/petitions/${id}`,
    );
    expect((await get(`/petitions/${id}.json`)).status).toBe(200);
  });

  it("answers 404 for an id no petition has, on both pages", async () => {
    for (const page of ["gathering-support", "moderation-info"]) {
      expect((await get(`/petitions/999999991/${page}`, { headers: HTML })).status).toBe(404);
      expect((await get(`/petitions/abc/${page}`, { headers: HTML })).status).toBe(400);
    }
  });
});
