/**
 * Petitions close in words: a petition's page lists a few open ones ("You may be interested in
 * these active petitions"), never itself or a closed one; the start flow asks the citizenship
 * question first and shows open petitions like the action typed before the rest is written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, drain, get } from "../support/api.ts";
import { closeNow, openPetition } from "../support/flows.ts";

const HTML = { accept: "text/html" };

/** The actions linked under the related heading, if any. */
function relatedOn(html: string): string[] {
  const section = html.split('id="related-heading"')[1]?.split("</ul>")[0] ?? "";
  return [...section.matchAll(/<a class="govuk-link" href="\/petitions\/\d+">([^<]*)<\/a>/g)].map(
    (m) => m[1] ?? "",
  );
}

describe("a petition's page", () => {
  // A word no other test's petition holds, so the likeness is this test's own.
  const nonce = `kw${Date.now().toString(36)}`;
  const actions = {
    self: `Protect ancient woodland ${nonce} from new roads`,
    near: `Protect ancient woodland ${nonce} in national parks`,
    closed: `Protect ancient woodland ${nonce} along rivers`,
    far: `Fund more public libraries ${nonce}`,
  };
  const ids: Record<keyof typeof actions, number> = { self: 0, near: 0, closed: 0, far: 0 };
  beforeAll(async () => {
    for (const key of Object.keys(actions) as (keyof typeof actions)[]) {
      ids[key] = (await openPetition({ action: actions[key] })).id;
    }
    await closeNow(ids.closed);
    await drain();
  });

  it("lists related open petitions, never itself or a closed one", async () => {
    const page = await get(`/petitions/${ids.self}`, { headers: HTML });
    expect(page.status).toBe(200);
    expect(page.text).toContain("You may be interested in these active petitions");
    const related = relatedOn(page.text);
    expect(related).toContain(actions.near);
    expect(related).not.toContain(actions.self);
    expect(related).not.toContain(actions.closed);
    // One shared word (the nonce) is not a likeness.
    expect(related).not.toContain(actions.far);
    expect(related.length).toBeLessThanOrEqual(3);
  });

  it("lists open petitions under a closed one too", async () => {
    const page = await get(`/petitions/${ids.closed}`, { headers: HTML });
    const related = relatedOn(page.text);
    expect(related).toContain(actions.self);
    expect(related).not.toContain(actions.closed);
  });
});

/** A browser without JavaScript on the start flow: the CSRF cookie and field, then form posts. */
async function startSession() {
  const form = await get("/petitions/new", { headers: HTML });
  expect(form.status).toBe(200);
  const cookie = (form.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const token = form.text.match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "";
  return {
    first: form,
    post: (fields: Record<string, string>) =>
      call("POST", "/petitions/new", {
        headers: { ...HTML, cookie, "content-type": "application/x-www-form-urlencoded" },
        rawBody: new URLSearchParams({ ...fields, csrf_token: token }).toString(),
      }),
  };
}

const h1 = (html: string) =>
  html
    .match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]
    ?.replace(/<[^>]+>/g, "")
    .trim();

describe("starting a petition", () => {
  const nonce = `kx${Date.now().toString(36)}`;
  const existing = `Reopen rural bus routes ${nonce} for villages`;
  let existingId = 0;
  beforeAll(async () => {
    existingId = (await openPetition({ action: existing })).id;
    await drain();
  });

  it("asks the citizenship question first, and a No ends the flow", async () => {
    const { first, post } = await startSession();
    expect(h1(first.text)).toBe("Are you a British citizen or UK resident?");
    const unanswered = await post({ step: "citizenship" });
    expect(unanswered.status).toBe(422);
    expect(unanswered.text).toContain("Select yes if you are a British citizen or UK resident");
    const no = await post({ step: "citizenship", uk_citizenship: "false" });
    expect(h1(no.text)).toContain("Sorry, you can’t create a petition");
    expect(no.text).not.toContain('name="action"');
    const yes = await post({ step: "citizenship", uk_citizenship: "true" });
    expect(h1(yes.text)).toBe("What do you want us to do?");
    expect(yes.text).toContain('<input type="hidden" name="uk_citizenship" value="true">');
  });

  it("shows open petitions like the action typed, then goes on to the background", async () => {
    const { post } = await startSession();
    const similar = await post({
      step: "action",
      uk_citizenship: "true",
      action: `Reopen the rural bus routes ${nonce}`,
    });
    expect(similar.status).toBe(200);
    expect(h1(similar.text)).toContain("We found similar petitions to yours");
    expect(similar.text).toContain(`href="/petitions/${existingId}">${existing}</a>`);
    const next = await post({
      step: "similar",
      uk_citizenship: "true",
      action: `Reopen the rural bus routes ${nonce}`,
    });
    expect(h1(next.text)).toBe("Why do you want us to do it?");

    const none = await post({
      step: "action",
      uk_citizenship: "true",
      action: `Paint ${nonce}q lighthouses purple`,
    });
    expect(h1(none.text)).toContain("We checked for similar petitions");
    expect(none.text).not.toContain('id="similar-petitions"');
  });
});
