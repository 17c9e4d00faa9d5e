/**
 * Answers that match petition.parliament.uk's beyond the fields: bad ids, formats, CORS on
 * errors, count.json's times and when a debate was scheduled (e-petitions' request specs:
 * invalid_ids_spec.rb, disallowed_format_spec.rb, unknown_format_spec.rb, petitions_list_spec.rb).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { londonDate } from "../../shared/domain/closing-date.ts";
import { PUBLIC_CORS_HEADERS } from "../../shared/http/cors.ts";
import { petitionCountSchema } from "../../shared/petitions/petition-json.ts";
import { type Answer, call, drain, get, mailTo, onlyMail, staffToken } from "../support/api.ts";
import { petitionRecord, writePetition } from "../support/direct.ts";
import { openPetition } from "../support/flows.ts";

const html = { headers: { accept: "text/html" } };
let published: { id: number };

beforeAll(async () => {
  const p = petitionRecord({
    response_threshold_reached_at: "2025-07-02T03:04:05.123Z",
    debate_threshold_reached_at: "2025-01-02T03:04:05.000Z",
  });
  await writePetition(p);
  published = p;
  await drain();
});

const expectCors = (answer: Answer<unknown>, what: string) => {
  for (const [name, value] of Object.entries(PUBLIC_CORS_HEADERS)) {
    expect(answer.headers.get(name), `${what}: ${name}`).toBe(value);
  }
};

describe("an id that is not an integer", () => {
  it("answers 400 on the JSON addresses", async () => {
    for (const path of [
      "/petitions/not-a-number.json",
      "/petitions/not-a-number",
      "/petitions/not-a-number/count.json",
      "/petitions/1.5/count.json",
      "/petitions/not-a-number/signatures-over-time.json",
    ]) {
      const answer = await get<{ errors: { code: string }[] }>(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.errors[0]?.code, path).toBe("malformed");
    }
  });

  it("answers 400 as a page on the pages", async () => {
    for (const path of ["/petitions/not-a-number", "/petitions/not-a-number/signatures/new"]) {
      const answer = await get(path, html);
      expect(answer.status, path).toBe(400);
      expect(answer.headers.get("content-type"), path).toContain("text/html");
      expect(answer.text, path).toContain("There is a problem with the request");
    }
  });

  it("answers 404 for an integer no petition has", async () => {
    expect((await get("/petitions/0.json")).status).toBe(404);
    expect((await get("/petitions/9999999999.json")).status).toBe(404);
  });
});

describe("formats", () => {
  it("answers 406 to a format Rails knows and the address does not serve", async () => {
    expect((await get(`/petitions/${published.id}.xml`)).status).toBe(406);
    expect((await get("/petitions.xml")).status).toBe(406);
    // Looked up first, as there: an unknown petition is still 404.
    expect((await get("/petitions/999999991.xml")).status).toBe(404);
  });

  it("redirects an unknown format to the address without it", async () => {
    const one = await get(`/petitions/${published.id}.please`);
    expect(one.status).toBe(302);
    expect(new URL(one.headers.get("location") ?? "").pathname).toBe(`/petitions/${published.id}`);
    const list = await get("/petitions.please?state=open");
    expect(list.status).toBe(302);
    const location = new URL(list.headers.get("location") ?? "");
    expect(`${location.pathname}${location.search}`).toBe("/petitions?state=open");
  });
});

describe("CORS", () => {
  it("sends e-petitions' three headers on its JSON, on 404s, and on unknown paths", async () => {
    const answers: [string, number][] = [
      ["/petitions.json", 200],
      [`/petitions/${published.id}.json`, 200],
      [`/petitions/${published.id}/count.json`, 200],
      ["/petitions/999999991.json", 404],
      ["/petitions/999999991/count.json", 404],
      ["/petitions/not-a-number.json", 400],
      ["/no/such/place.json", 404],
    ];
    for (const [path, status] of answers) {
      const answer = await get(path, { headers: { origin: "https://elsewhere.example" } });
      expect(answer.status, path).toBe(status);
      expectCors(answer, path);
    }
  });
});

describe("count.json", () => {
  it("writes its times as e-petitions does: London time with milliseconds and the offset", async () => {
    const answer = await get<Record<string, unknown>>(`/petitions/${published.id}/count.json`);
    expect(answer.status).toBe(200);
    petitionCountSchema.parse(answer.body);
    expect(answer.body.response_threshold_reached_at).toBe("2025-07-02T04:04:05.123+01:00");
    expect(answer.body.debate_threshold_reached_at).toBe("2025-01-02T03:04:05.000+00:00");
    expect(answer.body.government_response_at).toBeNull();
  });
});

describe("debate_scheduled_on", () => {
  it("is the day the debate was scheduled; scheduled_debate_date is the debate's day", async () => {
    const p = petitionRecord({ debate_threshold_reached_at: new Date().toISOString() });
    await writePetition(p);
    const scheduled = await call("PUT", `/admin/petitions/${p.id}/debate`, {
      token: await staffToken("moderator"),
      body: { scheduled_debate_date: "2099-01-31" },
    });
    expect(scheduled.status).toBeLessThan(300);
    const today = londonDate(new Date());
    const answer = await get<{ data: { attributes: Record<string, unknown> } }>(`/petitions/${p.id}.json`);
    expect(answer.body.data.attributes.scheduled_debate_date).toBe("2099-01-31");
    expect([today, londonDate(new Date(Date.now() - 60_000))]).toContain(
      answer.body.data.attributes.debate_scheduled_on,
    );
  });
});

describe("a likely typo in an email's domain, with JavaScript off", () => {
  /** A browser without JavaScript: the form's CSRF cookie and field, then form posts. */
  async function formSession(path: string) {
    const form = await get(path, html);
    expect(form.status).toBe(200);
    const cookie = (form.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const token = form.text.match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "";
    expect(token).not.toBe("");
    return (fields: Record<string, string>) =>
      call("POST", path, {
        headers: { ...html.headers, cookie, "content-type": "application/x-www-form-urlencoded" },
        rawBody: new URLSearchParams({ ...fields, csrf_token: token }).toString(),
      });
  }

  it("shows the signing form again once, asking about the address meant, and signs with the one picked", async () => {
    const petition = await openPetition();
    const local = `typo.${Date.now().toString(36)}`;
    const typed = `${local}@gmial.com`;
    const meant = `${local}@gmail.com`;
    const post = await formSession(`/petitions/${petition.id}/signatures/new`);
    const fields = {
      name: "Sam Signer",
      email: typed,
      location: "GB",
      postcode: "SW1A 1AA",
      uk_citizenship: "true",
    };

    const asked = await post(fields);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(`Did you mean ${meant}?`);
    expect(asked.text).toContain(`name="email_choice"`);
    expect(asked.text).toContain(`value="${typed}"`);
    await drain();
    expect(await mailTo(typed)).toEqual([]);
    expect(await mailTo(meant)).toEqual([]);

    const signed = await post({ ...fields, email_choice: meant });
    expect(signed.status).toBe(200);
    expect(signed.text).toContain(meant);
    expect(signed.text).not.toContain("Did you mean");
    await onlyMail(meant, /confirm your email address/i);
    expect(await mailTo(typed)).toEqual([]);
  });

  it("keeps the address as typed when the person says it is right", async () => {
    const petition = await openPetition();
    const typed = `kept.${Date.now().toString(36)}@hotmial.com`;
    const post = await formSession(`/petitions/${petition.id}/signatures/new`);
    const fields = {
      name: "Kim Signer",
      email: typed,
      location: "GB",
      postcode: "SW1A 1AA",
      uk_citizenship: "true",
    };
    const signed = await post({ ...fields, email_choice: typed });
    expect(signed.status).toBe(200);
    expect(signed.text).not.toContain("Did you mean");
    await onlyMail(typed, /confirm your email address/i);
  });

  it("asks on the start-a-petition form's details step too", async () => {
    const post = await formSession("/petitions/new");
    const asked = await post({
      step: "you",
      action: "Plant more trees",
      background: "Shade",
      name: "Ali Starter",
      email: "ali@yahoo.con",
      location: "GB",
      postcode: "SW1A 1AA",
      uk_citizenship: "true",
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain("Did you mean ali@yahoo.com?");
  });
});

describe("the list page", () => {
  it("sends an unknown state to every petition and a page past the end to the last page", async () => {
    const unknown = await get("/petitions?state=awaiting_monkey&q=what+is+clocks", html);
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get("location")).toBe("/petitions?q=what+is+clocks&state=all");
    const word = `nowhere${Date.now().toString(36)}`;
    const past = await get(`/petitions?state=rejected&q=${word}&page=5`, html);
    expect(past.status).toBe(302);
    expect(past.headers.get("location")).toBe(`/petitions?q=${word}&state=rejected`);
    const fine = await get("/petitions?count=500&page=0", html);
    expect(fine.status).toBe(200);
  });
});
