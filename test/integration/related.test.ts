/**
 * Petitions close in words: a petition's page lists a few open ones ("You may be interested in
 * these active petitions"), never itself or a closed one.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { drain, get } from "../support/api.ts";
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
