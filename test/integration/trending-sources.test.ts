import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hashed } from "../../shared/signatures/trending-sources.ts";
import { drain, get, linkIn, mailbox, pathOf, post, signer } from "../support/api.ts";
import { openPetition } from "../support/flows.ts";
import { ENGINE_LOG } from "../support/global-setup.ts";

// The test engine runs with TRENDING_THRESHOLD=3.
describe("many confirmed signatures from one email domain within the hour", () => {
  it("log one warning naming the source kind, hashed, with no address in it", async () => {
    const petition = await openPetition();
    const domain = `trend-${Date.now()}.example`;
    const emails = Array.from({ length: 4 }, (_, i) => `member${i}@${domain}`);
    for (const email of emails) {
      expect((await post(`/petitions/${petition.id}/signatures`, signer({ email }))).status).toBe(202);
    }
    await drain();
    const mails = await mailbox();
    for (const email of emails) {
      const mail = mails.find((m) => m.to.includes(email));
      if (!mail) throw new Error(`no confirmation for ${email}`);
      expect((await get(pathOf(linkIn(mail, /verify/)))).status).toBe(200);
    }
    await drain();
    const warnings = readFileSync(ENGINE_LOG, "utf8")
      .split("\n")
      .filter(
        (line) => line.includes('"code":"trending_source"') && line.includes(`"petitionId":${petition.id},`),
      );
    // The supporters' shared example.com crosses too; ours is found by its hash.
    const ours = warnings.filter((line) => line.includes(`"source":"${hashed("domain", domain)}"`));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('"sourceKind":"domain"');
    for (const line of warnings) expect(line).not.toContain(domain);
  });
});
