/**
 * Security checks: staff routes refuse every bad token and write nothing; verify and
 * unsubscribe links refuse tampered or swapped tokens; script in every text field is rendered
 * escaped in pages and emails; and no signer's name, email, postcode or IP appears in any public
 * JSON answer of this file or in any log line the engine's functions wrote.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AUDIENCE, localIssuer, signStaffToken } from "../../infra/local/staff-token.ts";
import { topology } from "../../shared/topology.ts";
import {
  type Answer,
  baseUrl,
  call,
  drain,
  linkIn,
  mailbox,
  pathOf,
  someIp,
  staffToken,
  tableSnapshot,
} from "../support/api.ts";
import { gatherSponsors, moderate, openPetition, type StartedPetition } from "../support/flows.ts";
import { ENGINE_LOG } from "../support/global-setup.ts";
import type { CallOptions } from "../support/local-service.ts";

const SCRIPT = "<script>alert(1)</script>";
const IMG = '"><img src=x onerror=alert(1)>';
const JS_LINK = "javascript:alert(1)";

/** Every person this file makes sign, to look for afterwards. */
const people: { name: string; email: string; postcode: string; ip: string; creator?: boolean }[] = [];
/** Every public JSON answer this file received. */
const publicJson: { path: string; text: string }[] = [];

let n = 0;
function person(overrides: Partial<{ name: string; postcode: string; creator: boolean }> = {}) {
  n += 1;
  const p = {
    name: overrides.name ?? `Robin Quill${n}`,
    email: `robin.quill${n}.${Date.now().toString(36)}@example.org`,
    postcode: overrides.postcode ?? ["M1 1AE", "EH1 1YZ", "CF10 1EP", "LS1 1UR"][n % 4] ?? "M1 1AE",
    // The address the edge sees: this person's own loopback address.
    ip: someIp(),
    ...(overrides.creator ? { creator: true } : {}),
  };
  people.push(p);
  return p;
}
const signerBody = (p: ReturnType<typeof person>) => ({
  name: p.name,
  email: p.email,
  postcode: p.postcode,
  location: "GB",
  uk_citizenship: true,
  notify_by_email: true,
});

/** A request whose JSON answer, on a public route, joins the scan at the end. */
async function send<T = unknown>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const answer = await call<T>(method, path, options);
  const json = answer.headers.get("content-type")?.includes("application/json");
  if (json && !path.startsWith("/admin") && !path.startsWith("/_local"))
    publicJson.push({ path, text: answer.text });
  return answer;
}

const mailsTo = async (address: string) => {
  await drain();
  return (await mailbox()).filter((m) => m.to.includes(address));
};

/** A petition started, supported and published with a creator and text of our choosing. */
async function publishedPetition(text: Record<string, string>, creator: ReturnType<typeof person>) {
  const created = await send<{ id: number }>("POST", "/petitions", {
    body: { ...text, ...signerBody(creator) },
    ip: creator.ip,
  });
  expect(created.status).toBe(202);
  const confirm = (await mailsTo(creator.email)).find((m) => /start your petition/i.test(m.subject));
  if (!confirm) throw new Error("no confirmation email for the creator");
  expect((await send("GET", pathOf(linkIn(confirm, /\/verify\?token=/)))).status).toBe(200);
  const gather = (await mailsTo(creator.email)).find((m) => /Get supporters/.test(m.subject));
  if (!gather) throw new Error("no supporters email for the creator");
  const started: StartedPetition = {
    id: created.body.id,
    creatorEmail: creator.email,
    sponsorLink: linkIn(gather, /\/sponsors\/new\?token=/),
  };
  await gatherSponsors(started, 5);
  await drain();
  expect((await moderate(started.id, { decision: "publish" })).status).toBe(200);
  await drain();
  return started;
}

/** The state of the table once the stream has settled. */
async function settled() {
  await drain();
  return JSON.stringify(await tableSnapshot());
}

describe("staff routes with a bad token", () => {
  const staffRoutes = topology.flatMap((f) => (f.routes ?? []).filter((r) => r.auth !== "public"));
  let petition: StartedPetition;
  beforeAll(async () => {
    petition = await openPetition();
  });

  const bodies: Record<string, unknown> = {
    "POST /admin/petitions/{id}/moderation": { decision: "reject", reason_code: "duplicate" },
    "POST /admin/blocks": { kind: "domain", value: "example.com" },
    "PUT /admin/petitions/{id}/government-response": {
      responded_on: "2026-01-02",
      summary: "Yes",
      email_signers: true,
    },
    "PUT /admin/petitions/{id}/debate": { not_debated: true, reason: "No time", email_signers: true },
  };
  const pathFor = (path: string) =>
    path
      .replace("/admin/jobs/{id}", "/admin/jobs/00000000-0000-4000-8000-000000000000")
      .replace("{id}", String(petition.id));
  const query = (key: string) => (key === "DELETE /admin/blocks" ? "?kind=domain&value=example.com" : "");

  const engine = baseUrl();
  const tokens: [string, () => Promise<string | undefined>, number][] = [
    ["missing", async () => undefined, 401],
    [
      "forged (another RS256 key)",
      () =>
        signStaffToken(engine, {
          roles: ["sysadmin"],
          key: generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
        }),
      401,
    ],
    [
      "HS256 (a shared secret, as the old development key was)",
      () =>
        new SignJWT({ "cognito:groups": ["sysadmin"], token_use: "access", client_id: LOCAL_AUDIENCE })
          .setProtectedHeader({ alg: "HS256" })
          .setSubject("hs256")
          .setIssuer(localIssuer(engine))
          .setJti("hs256")
          .setIssuedAt()
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode("petitions-local-development-key-never-deployed")),
      401,
    ],
    [
      "an ID token (not an access token)",
      () => signStaffToken(engine, { roles: ["sysadmin"], tokenUse: "id" }),
      401,
    ],
    ["expired", () => signStaffToken(engine, { roles: ["sysadmin"], expiresIn: "-1h" }), 401],
    [
      "for another app client",
      () => signStaffToken(engine, { roles: ["sysadmin"], audience: "someone-else" }),
      401,
    ],
    [
      "from another issuer",
      () => signStaffToken(engine, { roles: ["sysadmin"], issuer: "https://evil.example" }),
      401,
    ],
    ["without the role", () => signStaffToken(engine, { roles: [] }), 403],
  ];

  for (const [what, token, status] of tokens) {
    it(`answers ${status} to a ${what} token on every staff route, and writes nothing`, async () => {
      const before = await settled();
      const bearer = await token();
      for (const route of staffRoutes) {
        const key = `${route.method} ${route.path}`;
        const answer = await send(route.method, `${pathFor(route.path)}${query(key)}`, {
          ...(bodies[key] ? { body: bodies[key] } : {}),
          ...(bearer ? { token: bearer } : {}),
        });
        expect(answer.status, key).toBe(status);
      }
      expect(await settled()).toBe(before);
    });
  }

  it("answers 403 to a moderator on the sysadmin routes", async () => {
    const moderator = await staffToken("moderator");
    for (const route of staffRoutes.filter((r) => r.auth === "sysadmin")) {
      const answer = await send(
        route.method,
        `${route.path}${route.method === "DELETE" ? "?kind=ip&value=1.2.3.4" : ""}`,
        {
          token: moderator,
          ...(route.method === "POST" ? { body: bodies["POST /admin/blocks"] } : {}),
        },
      );
      expect(answer.status, `${route.method} ${route.path}`).toBe(403);
    }
  });
});

describe("verify and unsubscribe links with a tampered or swapped token", () => {
  it("answer 404 and write nothing", async () => {
    const petition = await openPetition();
    const [a, b] = [person(), person()];
    for (const p of [a, b]) {
      const answer = await send("POST", `/petitions/${petition.id}/signatures`, {
        body: signerBody(p),
        ip: p.ip,
      });
      expect(answer.status).toBe(202);
    }
    const verifyOf = async (email: string) => {
      const mail = (await mailsTo(email)).find((m) => /confirm your email/i.test(m.subject));
      if (!mail) throw new Error(`no confirmation email to ${email}`);
      const url = new URL(linkIn(mail, /\/verify\?token=/));
      return { id: url.pathname.split("/")[2] ?? "", token: url.searchParams.get("token") ?? "" };
    };
    const [va, vb] = [await verifyOf(a.email), await verifyOf(b.email)];
    const items = await tableSnapshot();
    const unsubscribeOf = (id: string) =>
      String(items.find((i) => i.entity === "SIGNATURE" && i.id === id)?.unsubscribe_token ?? "");
    const [ua, ub] = [unsubscribeOf(va.id), unsubscribeOf(vb.id)];
    expect(ua).not.toBe("");
    const tamper = (token: string) => `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;

    const before = await settled();
    const attempts = [
      `/signatures/${va.id}/verify?token=${encodeURIComponent(vb.token)}`,
      `/signatures/${va.id}/verify?token=${encodeURIComponent(tamper(va.token))}`,
      `/signatures/${vb.id}/verify?token=${encodeURIComponent(va.token)}`,
      `/signatures/${va.id}/verify?token=${encodeURIComponent(ua)}`,
    ];
    for (const path of attempts) {
      expect((await send("GET", path, { headers: { accept: "application/json" } })).status, path).toBe(404);
    }
    for (const method of ["GET", "POST"]) {
      for (const path of [
        `/signatures/${va.id}/unsubscribe?token=${encodeURIComponent(ub)}`,
        `/signatures/${va.id}/unsubscribe?token=${encodeURIComponent(tamper(ua))}`,
        `/signatures/${vb.id}/unsubscribe?token=${encodeURIComponent(ua)}`,
        `/signatures/${va.id}/unsubscribe?token=${encodeURIComponent(va.token)}`,
      ]) {
        expect((await send(method, path)).status, `${method} ${path}`).toBe(404);
      }
    }
    expect(await settled()).toBe(before);
    // The untouched links still work: the refusals were about the tokens.
    expect(
      (await send("GET", `/signatures/${va.id}/verify?token=${encodeURIComponent(va.token)}`)).status,
    ).toBe(200);
  });
});

describe("script in every text field", () => {
  const creator = person({ name: `Ada ${SCRIPT}`, creator: true });
  const signer = person({ name: `Bo ${IMG} ${JS_LINK}` });
  let petition: StartedPetition;

  const escapedEverywhere = (html: string, where: string) => {
    expect(html, where).not.toContain(SCRIPT);
    expect(html, where).not.toContain("<img src=x");
    expect(html, where).not.toMatch(/href="\s*javascript:/i);
    expect(html, where).not.toMatch(/<[^>]+\sonerror=/i);
  };

  beforeAll(async () => {
    petition = await publishedPetition(
      {
        action: `Stop ${SCRIPT} ${IMG}`.slice(0, 80),
        background: `Because ${SCRIPT} and ${IMG} and ${JS_LINK}`,
        additional_details: `More: ${SCRIPT} ${IMG} <a href="${JS_LINK}">click</a>`,
      },
      creator,
    );
    const answer = await send("POST", `/petitions/${petition.id}/signatures`, {
      body: signerBody(signer),
      ip: signer.ip,
    });
    expect(answer.status).toBe(202);
    await drain();
  });

  it("is escaped on the petition's page", async () => {
    const page = await send("GET", `/petitions/${petition.id}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    escapedEverywhere(page.text, "petition page");
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("is escaped on the moderation page staff see", async () => {
    const token = await staffToken("moderator");
    const page = await send("GET", `/staff/petitions/${petition.id}`, {
      headers: { accept: "text/html", cookie: `staff_session=${token}` },
    });
    expect(page.status).toBe(200);
    escapedEverywhere(page.text, "moderation page");
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("is escaped in every email and in the mailbox", async () => {
    const mails = [...(await mailsTo(creator.email)), ...(await mailsTo(signer.email))];
    expect(mails.length).toBeGreaterThanOrEqual(3);
    for (const mail of mails) {
      escapedEverywhere(mail.html, `html of "${mail.subject}"`);
      // Plain text is never rendered as HTML; it must still carry no link to script.
      expect(mail.text, mail.subject).not.toMatch(/https?:\/\/\S*<script/i);
    }
    expect(mails.some((m) => m.html.includes("&lt;script&gt;") || m.html.includes("&quot;&gt;&lt;img"))).toBe(
      true,
    );
    const page = await send("GET", "/_local/mail");
    escapedEverywhere(page.text, "mailbox");
  });
});

/**
 * A creator and two signers who start, sign and confirm, and the public reads that would show
 * them: the scans below have their data to look for, whatever else this file ran before them.
 */
async function peopleThroughEveryPublicStep() {
  const petition = await publishedPetition(
    { action: "Plant more hedges along rural roads", background: "For the birds and the bees." },
    person({ creator: true }),
  );
  for (const p of [person(), person()]) {
    expect(
      (await send("POST", `/petitions/${petition.id}/signatures`, { body: signerBody(p), ip: p.ip })).status,
    ).toBe(202);
    const mail = (await mailsTo(p.email)).find((m) => /confirm your email/i.test(m.subject));
    if (!mail) throw new Error(`no confirmation email to ${p.email}`);
    expect((await send("GET", pathOf(linkIn(mail, /\/verify\?token=/)))).status).toBe(200);
  }
  await drain();
  for (const path of [
    `/petitions/${petition.id}.json`,
    `/petitions/${petition.id}/count.json`,
    "/petitions.json?state=open",
    "/trending.json",
    "/petitions.json?state=all&count=50",
  ]) {
    await send("GET", path);
  }
}

describe("after the run, personal data", () => {
  let log = "";
  beforeAll(peopleThroughEveryPublicStep);
  afterAll(() => {
    people.length = 0;
  });

  it("is in no public JSON answer", async () => {
    // With the petitions' public reads, which would show a leak from any stored signer.
    expect(publicJson.length).toBeGreaterThan(10);
    const found = publicJson.flatMap(({ path, text }) =>
      people.flatMap((p) =>
        // A creator's name is public while the petition is open (as on petition.parliament.uk).
        [p.creator ? null : p.name, p.email, p.postcode, p.ip]
          .filter((v): v is string => v !== null && text.toLowerCase().includes(v.toLowerCase()))
          .map((v) => `${v} in ${path}`),
      ),
    );
    expect(found).toEqual([]);
  });

  it("is in no log line the functions wrote", async () => {
    await drain();
    // The capture is live: the lines of this run's mail and pages are there before it is read.
    await expect
      .poll(() => {
        log = readFileSync(ENGINE_LOG, "utf8");
        return log.includes('"code":"mail_sent"');
      })
      .toBe(true);
    const lines = log.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('"code":"mail_sent"');
    const found = people.flatMap((p) =>
      [p.name, p.email, p.email.split("@")[0] ?? p.email, p.postcode, p.postcode.replace(" ", ""), p.ip]
        .filter((v) => log.toLowerCase().includes(v.toLowerCase()))
        .map((v) => `${v}`),
    );
    expect(found).toEqual([]);
    // Nor anything shaped like an email address (the service's own addresses aside).
    const addresses = (log.match(/[\w.+-]+@[\w-]+\.[\w.-]+/g) ?? []).filter(
      (a) => !/@petitions\.(test|local)$|^no-?reply@/i.test(a),
    );
    expect(addresses).toEqual([]);
  });
});
