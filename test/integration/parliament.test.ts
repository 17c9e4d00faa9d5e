/**
 * The parliament cycle (e-petitions §1.6): a sysadmin sets the dissolution; at its time the
 * closing schedule closes every open petition early and stops every undecided one, emailing its
 * creator; the parliament is listed by /parliaments.json with its thresholds and the next opens.
 */
import { describe, expect, it } from "vitest";
import { call, get, mailTo, runSchedule, staffToken } from "../support/api.ts";
import { gatherSponsors, openPetition, startPetition } from "../support/flows.ts";

interface Errors {
  errors: { field: string; message: string }[];
}
interface ParliamentAnswer {
  data: {
    number: number;
    dissolution_at: string | null;
    dissolved_at?: string;
    changes: { staff_id: string; at: string }[];
  };
}
interface PetitionAnswer {
  data: { attributes: { state: string; closed_at: string | null } };
}

const dissolution = (at: Date) => ({
  government: "Conservative – Liberal Democrat coalition",
  dissolution_at: at.toISOString(),
  dissolution_heading: "Parliament is dissolving",
  dissolution_message: "This means all petitions will close in 2 weeks",
  dissolution_faq_url: "https://www.parliament.uk/about/how/elections-and-voting/general/",
  notification_cutoff_at: new Date(at.getTime() - 60_000).toISOString(),
  election_date: "2027-01-14",
  show_dissolution_notification: true,
});

const putParliament = (body: unknown, token?: string) =>
  call<ParliamentAnswer & Errors>("PUT", "/admin/parliament", { body, ...(token ? { token } : {}) });

describe("the parliament's dissolution", () => {
  it("is set by sysadmins only, and a bad body is refused naming the field, writing nothing", async () => {
    const body = dissolution(new Date(Date.now() + 86_400_000));
    expect((await putParliament(body)).status).toBe(401);
    expect((await putParliament(body, await staffToken("moderator"))).status).toBe(403);
    const sysadmin = await staffToken("sysadmin");
    const before = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    for (const [bad, field] of [
      [{ ...body, dissolution_at: "next tuesday" }, "dissolution_at"],
      [{ ...body, dissolution_heading: undefined }, "dissolution_heading"],
      [{ ...body, notification_cutoff_at: "2099-01-01T00:00:00Z" }, "notification_cutoff_at"],
      [{ ...body, dissolution_faq_url: "javascript:alert(1)" }, "dissolution_faq_url"],
      [{ ...body, colour: "red" }, ""],
    ] as const) {
      const answer = await putParliament(bad, sysadmin);
      expect(answer.status, field).toBe(422);
      if (field) expect(answer.body.errors.map((e) => e.field)).toContain(field);
    }
    const after = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    expect(after.body).toEqual(before.body);
  });

  it("closes open petitions early and stops undecided ones at its time, once, then opens the next parliament", async () => {
    const open = await openPetition();
    const gathering = await startPetition();
    const checked = await startPetition();
    await gatherSponsors(checked, 5);

    const sysadmin = await staffToken("sysadmin", "sysadmin-dissolution");
    const at = new Date(Date.now() - 1000);
    const saved = await putParliament(dissolution(at), sysadmin);
    expect(saved.status).toBe(200);
    const number = saved.body.data.number;
    expect(saved.body.data.changes.at(-1)?.staff_id).toBe("sysadmin-dissolution");

    const run = (await runSchedule("ClosePetitions")) as {
      dissolution: { parliament: number; closed: number[]; stopped: number[]; dissolved: boolean };
    };
    expect(run.dissolution.parliament).toBe(number);
    expect(run.dissolution.dissolved).toBe(true);
    expect(run.dissolution.closed).toContain(open.id);
    expect(run.dissolution.stopped).toEqual(expect.arrayContaining([gathering.id, checked.id]));

    const closed = await get<PetitionAnswer>(`/petitions/${open.id}.json`);
    expect(closed.body.data.attributes.state).toBe("closed");
    expect(closed.body.data.attributes.closed_at).toBe(at.toISOString());
    for (const stopped of [gathering, checked]) {
      expect(await mailTo(stopped.creatorEmail, /We stopped your petition/)).toHaveLength(1);
      expect((await get(`/petitions/${stopped.id}.json`)).status).not.toBe(200);
    }
    // The open petition's creator is not told it stopped.
    expect(await mailTo(open.creatorEmail, /We stopped your petition/)).toHaveLength(0);

    // A second run finds nothing to do.
    const again = (await runSchedule("ClosePetitions")) as { dissolution: unknown };
    expect(again.dissolution).toBeNull();

    const listed = await get<Record<string, unknown>[]>("/parliaments.json");
    expect(listed.status).toBe(200);
    expect(listed.body.at(-1)).toEqual({
      period: null,
      dissolution_at: at.toISOString(),
      government: "Conservative – Liberal Democrat coalition",
      response_threshold: 10,
      debate_threshold: 20,
    });
    const next = await call<ParliamentAnswer>("GET", "/admin/parliament", { token: sysadmin });
    expect(next.body.data).toMatchObject({ number: number + 1, dissolution_at: null });
    expect(next.body.data.dissolved_at).toBeUndefined();
  });
});
