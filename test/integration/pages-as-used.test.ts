/**
 * The pages as people reach them: every error a browser gets is a page (JSON stays for programs),
 * HEAD answers as GET without a body, email links never dead-end, and the help pages give a
 * contact address.
 */
import { describe, expect, it } from "vitest";
import { PERMISSIONS_POLICY } from "../../shared/http/handler.ts";
import { keyOfSignatureId } from "../../shared/signatures/model.ts";
import {
  call,
  drain,
  get,
  getItem,
  linkIn,
  onlyMail,
  pathOf,
  post,
  setItemFields,
  signer,
} from "../support/api.ts";
import { gatherSponsors, moderate, openPetition, startPetition } from "../support/flows.ts";

const HTML = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
const JSON_ONLY = { accept: "application/json" };

const h1 = (html: string) => html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1]?.trim();

/** Someone signs an open petition: the path of the link their confirmation email holds. */
async function aConfirmationLink(): Promise<string> {
  const petition = await openPetition();
  const person = signer();
  await post(`/petitions/${petition.id}/signatures`, person);
  await drain();
  return pathOf(linkIn(await onlyMail(String(person.email), /confirm/i), /\/verify\?token=/));
}

describe("errors to a browser are pages", () => {
  it.each(["/petitons", "/admin", "/petitions/1/nowhere"])("%s is Page not found", async (path) => {
    const page = await get(path, { headers: HTML });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(h1(page.text)).toBe("Page not found");
    expect(page.text).toContain('href="/petitions"');

    const program = await get<{ errors: { code: string }[] }>(path, { headers: JSON_ONLY });
    expect(program.status).toBe(404);
    expect(program.headers.get("content-type")).toMatch(/^application\/json/);
    expect(program.body.errors[0]?.code).toBe("not_found");
  });

  it("answers an unknown method on a known path like an unknown path", async () => {
    const page = await call("DELETE", "/petitions", { headers: HTML });
    expect(page.status).toBe(404);
    expect(h1(page.text)).toBe("Page not found");
  });

  it("answers a petition id that is not a number with 400, as petition.parliament.uk, and keeps JSON for programs", async () => {
    const page = await get("/petitions/abc", { headers: HTML });
    expect(page.status).toBe(400);
    expect(h1(page.text)).toBe("There is a problem with the request");
    // What to do next, as for an unknown address.
    expect(page.text).toContain("If you typed the web address, check it is correct.");
    expect(page.text).toContain('href="/petitions"');
    const program = await get<{ errors: { code: string }[] }>("/petitions/abc", { headers: JSON_ONLY });
    expect(program.status).toBe(400);
    expect(program.body.errors[0]?.code).toBe("malformed");
    // A .json address is always for a program, whatever the Accept header says.
    const data = await get("/petitions/abc.json", { headers: HTML });
    expect(data.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("keeps JSON from the JSON API's functions, which render no pages, as on AWS", async () => {
    const answer = await call("POST", "/petitions", {
      headers: { ...HTML, "content-type": "application/json" },
      rawBody: "{",
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("says a broken confirmation link is not valid, and what to do", async () => {
    const link = await aConfirmationLink();
    const [path] = link.split("?");
    const token = new URL(link, "http://x").searchParams.get("token") ?? "";
    for (const broken of [
      `${path}?token=${token.slice(0, 10)}`,
      `${path}?token=wrong`,
      `${path}?token=`,
      String(path),
      `/signatures/abc/verify?token=${token}`,
    ]) {
      const page = await get(broken, { headers: HTML });
      expect(page.status, broken).toBeGreaterThanOrEqual(400);
      expect(page.headers.get("content-type"), broken).toMatch(/^text\/html/);
      expect(h1(page.text), broken).toBe("This link is not valid");
      expect(page.text).toContain("sign it again");
    }
    const program = await get<{ errors: { code: string }[] }>(`${path}?token=wrong`, { headers: JSON_ONLY });
    expect(program.status).toBe(404);
    expect(program.body.errors[0]?.code).toBe("not_found");
    // The whole link still works.
    expect((await get(link, { headers: HTML })).status).toBe(200);
  });

  it("says an expired confirmation link is not valid, before the table's TTL has deleted it", async () => {
    const link = await aConfirmationLink();
    const key = keyOfSignatureId(link.split("/")[2] as string);
    if (!key) throw new Error("the link holds no signature id");
    expect((await getItem(key.PK, key.SK))?.expiresAt).toEqual(expect.any(Number));
    await setItemFields(key.PK, key.SK, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const page = await get(link, { headers: HTML });
    expect(page.status).toBe(404);
    expect(h1(page.text)).toBe("This link is not valid");
    expect(page.text).toContain("sign it again");
    expect((await getItem(key.PK, key.SK))?.state).toBe("pending");
  });

  it("says a broken supporter or unsubscribe link is not valid", async () => {
    const petition = await startPetition();
    const sponsor = pathOf(petition.sponsorLink).replace(/token=.*/, "token=wrong");
    const page = await get(sponsor, { headers: HTML });
    expect(page.status).toBe(404);
    expect(h1(page.text)).toBe("This link is not valid");
    expect(page.text).toContain("ask the person who started it");
    const unsubscribe = await get("/signatures/abc/unsubscribe?token=x", { headers: HTML });
    expect(h1(unsubscribe.text)).toBe("This link is not valid");
    expect(unsubscribe.text).toContain("unsubscribe link in the most recent email");
  });
});

describe("HEAD", () => {
  it("answers as GET, without the body, on pages and JSON", async () => {
    const petition = await openPetition();
    for (const path of ["/", `/petitions/${petition.id}`, "/petitions.json", "/help/privacy", "/nowhere"]) {
      const full = await get(path, { headers: HTML });
      const head = await call("HEAD", path, { headers: HTML });
      expect(head.status, path).toBe(full.status);
      expect(head.headers.get("content-type"), path).toBe(full.headers.get("content-type"));
      expect(head.text, path).toBe("");
    }
    const cached = await call("HEAD", "/petitions.json");
    expect(cached.headers.get("etag")).toBeTruthy();
  });
});

describe("links that never dead-end", () => {
  it("leads a supporter link opened after publication to the petition's page", async () => {
    const petition = await openPetition();
    const answer = await get(pathOf(petition.sponsorLink), { headers: HTML });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/petitions/${petition.id}`);
  });

  it("leads it after rejection to the rejection, which the rejection email links", async () => {
    const petition = await startPetition();
    await gatherSponsors(petition, 5);
    await drain();
    expect((await moderate(petition.id, { decision: "reject", reason_code: "duplicate" })).status).toBe(200);
    const answer = await get(pathOf(petition.sponsorLink), { headers: HTML });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`/petitions/${petition.id}`);
    await drain();
    const mail = await onlyMail(petition.creatorEmail, /We rejected your petition/);
    expect(pathOf(linkIn(mail, new RegExp(`/petitions/${petition.id}$`)))).toBe(`/petitions/${petition.id}`);
  });

  it("names the petition on the unsubscribe page", async () => {
    const petition = await openPetition();
    const person = signer({ notify_by_email: true });
    await post(`/petitions/${petition.id}/signatures`, person);
    await drain();
    const link = pathOf(linkIn(await onlyMail(String(person.email), /confirm/i), /\/verify\?token=/));
    await get(link);
    const id = link.split("/")[2] as string;
    const key = keyOfSignatureId(id);
    if (!key) throw new Error("the link holds no signature id");
    const item = await getItem(key.PK, key.SK);
    const page = await get(`/signatures/${id}/unsubscribe?token=${String(item?.unsubscribe_token)}`, {
      headers: HTML,
    });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      new RegExp(
        `<a class="govuk-link" href="/petitions/${petition.id}">Build \\d+ more public libraries</a>`,
      ),
    );
  });
});

describe("the help pages", () => {
  it.each(["/help/privacy", "/help/accessibility"])("%s gives an address to write to", async (path) => {
    const page = await get(path, { headers: HTML });
    expect(page.text).toMatch(/href="mailto:petitions@petitions\.example\.org"/);
  });
});

describe("security headers", () => {
  it("name only permissions browsers know", async () => {
    for (const path of ["/", "/nowhere", "/petitions.json"]) {
      const answer = await get(path, { headers: HTML });
      expect(answer.headers.get("permissions-policy"), path).toBe(PERMISSIONS_POLICY);
    }
  });
});
