/**
 * Fuzzing every HTTP route of the topology with fast-check, free of any test framework so the
 * integration test (5,000 cases) and the bench (100,000) share it.
 *
 * Each route has a generator that starts from a valid request (a signer, a petition, a
 * moderation decision, a form with its CSRF token...) and mutates it: wrong types, missing and
 * extra fields, huge strings, unicode edge cases, prototype-pollution keys, malformed JSON,
 * wrong content types, odd query strings and path parameters. Three properties are checked:
 *
 * - never a 5xx;
 * - never a write from a refused request: the run alternates *refusal phases* (every case
 *   carries at least one defect that must make it refused) and *open phases* (anything, valid
 *   requests included). Each refusal phase runs between two table snapshots taken after the
 *   stream drained; any difference is a write from a refused request. A refusal phase in which
 *   some request was nevertheless accepted by a route that may write is not compared (counted
 *   as `phasesUnchecked`).
 * - never personal data in an answer: every name and email the fuzzer submits carries a marker
 *   (`fz` and 8 hex digits, one per case), every IP is in 198.18.0.0/16, every postcode comes from
 *   a small pool. No answer may hold any of them, with one exception: the HTML answer to a form
 *   post (the signing, supporting and start-a-petition pages) may show the values *that same
 *   request* submitted (the form filled in again with its errors, "we sent an email to ...").
 */
import fc from "fast-check";
import { signStaffToken } from "../../infra/local/staff-token.ts";
import { topology } from "../../shared/topology.ts";
import type { HttpRoute } from "../../shared/topology-types.ts";
import { fetchFrom } from "./from-address.ts";
import { openPetition, startPetition } from "./journeys.ts";
import { type LocalService, linkIn, pathOf } from "./local-service.ts";

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Requests in flight. */
  concurrency?: number;
  log?: (line: string) => void;
}

export interface Finding {
  kind: "server_error" | "write_from_refusal" | "leak";
  route: string;
  request: string;
  status?: number;
  detail: string;
}

export interface FuzzResult {
  cases: number;
  seconds: number;
  byStatusClass: Record<"2xx" | "3xx" | "4xx" | "5xx", number>;
  byRoute: Record<string, number>;
  /** Per route, how many answers of each status. */
  statuses: Record<string, Record<number, number>>;
  serverErrors: number;
  /**
   * Connections reset before any answer that succeeded when sent again on a new connection:
   * counted apart from server errors (a reset that persists is a server error).
   */
  transportResets: number;
  writesFromRefusals: number;
  leaks: number;
  /** Refused requests whose phase was compared before and after. */
  refusalsChecked: number;
  phasesChecked: number;
  phasesUnchecked: number;
  /** The first few findings of each kind, to reproduce. */
  findings: Finding[];
}

type Mode = "refuse" | "open";
type RouteKey = string;

/** One generated request. */
interface Case {
  route: RouteKey;
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: string;
  /** The address the case's person connects from (see from-address.ts). */
  ip: string;
  /** The marker of this case's personal data, its postcode, and whether the body is a form. */
  marker: string;
  postcode: string;
}

interface Fixtures {
  open: number;
  staffOpen: number;
  pending: number;
  sponsorToken: string;
  signatureId: string;
  moderator: string;
  sysadmin: string;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const MARKER = /fz[0-9a-f]{8}/gi;
const FUZZ_IP = /198\.18\.\d{1,3}\.\d{1,3}/g;
const POSTCODES = ["M1 1AE", "EH1 1YZ", "BT1 1AA", "CF10 1EP", "LS1 1UR", "B33 8TH", "CR2 6XH", "DN55 1PT"];
const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

const EDGE_STRINGS = [
  "\uD800",
  "\uDFFF",
  "a\uDC00b",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\u2060",
  "\uFEFF",
  "\u0000",
  "a\u0000b",
  "\u0007\u001B[31m",
  "😀",
  "👩‍👩‍👧‍👦",
  "e\u0301\u0301\u0301",
  "مرحبا",
  "\u00A0\u3000",
  "\r\n\r\n",
  "$" + "{7*7}{{7*7}}",
  "<script>alert(1)</script>",
  "'; DROP TABLE petitions; --",
  "=cmd|' /C calc'!A0",
  "../../../../etc/passwd",
  "%00%2e%2e%2f",
];

const edgeString = fc.constantFrom(...EDGE_STRINGS);
const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  edgeString,
  edgeString.chain((e) => fc.string({ maxLength: 10 }).map((s) => `${s}${e}${s}`)),
);
/** Up to ~100 KB, under the engine's 1 MB body limit. */
const hugeString = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom("a", "é", "😀", "\u200B", "<", " "))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-1),
  fc.constant(1e308),
);
const extraKey = fc.oneof(
  fc.string({ minLength: 1, maxLength: 20 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"),
);
const PROTO_JSON = [
  '"__proto__":{"polluted":"yes","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"__proto__":[1,2,3]',
  '"__proto__":null',
  '"prototype":{"polluted":"yes"}',
];
const MALFORMED_JSON = [
  "{",
  '{"name":',
  "[1,2",
  "{'name':'x'}",
  '{"a":1,}',
  "nul",
  "\u0000",
  "{}}",
  '{"a":"\\u12"}',
  '{"a":NaN}',
  `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  `{"a":${"1".repeat(400)}}`,
  "\uFEFF{}",
];
const WRONG_TYPES = [
  "text/plain",
  "application/xml",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "application/json-patch+json",
  "text/html",
  "image/png",
];
const odd = fc.constantFrom(
  "%00",
  "%ZZ",
  "%E0%A4%A",
  "%",
  "%C0%AE%C0%AE%2F",
  "%2F..%2F..%2F",
  "%252e%252e",
  "%F0%9F%98%80",
  "%EF%BB%BF",
  "%0d%0aSet-Cookie:%20x=1",
);

const hex8 = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).padStart(8, "0"));
const fuzzIp = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
  .map(([a, b]) => `198.18.${a}.${b}`);
/** A double-submit CSRF token: the same value goes in the cookie and the form. */
const csrfToken = fc.tuple(hex8, hex8, hex8, hex8).map((parts) => parts.join("").padEnd(43, "_"));

type Obj = Record<string, unknown>;

/** A JSON object with the given raw members spliced in (for keys JSON.stringify cannot write). */
const withRawMember = (object: Obj, member: string) => {
  const text = JSON.stringify(object);
  return text === "{}" ? `{${member}}` : `{${member},${text.slice(1)}`;
};

function encodeForm(object: Obj): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else if (value !== undefined)
      params.append(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  return params.toString();
}

/** Noise that leaves a valid body valid (or makes it invalid in ways that must be refused). */
const mutation = (fields: readonly string[]) =>
  fc.oneof(
    fc.record({ op: fc.constant("extra" as const), key: extraKey, value: fc.oneof(junkString, wrongValue) }),
    fc.record({ op: fc.constant("drop" as const), key: fc.constantFrom(...fields) }),
    fc.record({ op: fc.constant("wrong" as const), key: fc.constantFrom(...fields), value: wrongValue }),
    fc.record({ op: fc.constant("huge" as const), key: fc.constantFrom(...fields), value: hugeString }),
    fc.record({ op: fc.constant("edge" as const), key: fc.constantFrom(...fields), value: junkString }),
  );
/** None half the time, so open phases reach the accepted paths. */
const mutations = (fields: readonly string[]) =>
  fc.oneof(fc.constant([] as Mutation[]), fc.array(mutation(fields), { minLength: 1, maxLength: 3 }));
type Mutation = typeof mutation extends (f: readonly string[]) => fc.Arbitrary<infer M> ? M : never;

function mutate(object: Obj, mutations: Mutation[]): Obj {
  const out: Obj = { ...object };
  for (const m of mutations) {
    if (m.op === "drop") delete out[m.key];
    else if (m.op === "extra")
      Object.defineProperty(out, m.key, {
        value: m.value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
    else if (m.op === "wrong" || m.op === "huge") out[m.key] = m.value;
    else {
      // Edge characters around the existing value keep markers findable.
      const current = out[m.key];
      out[m.key] = typeof current === "string" ? `${m.value}${current}${m.value}` : m.value;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Valid starting points, each carrying the case's marker

interface Seeded {
  marker: string;
  postcode: string;
  ip: string;
}
const seeded = fc.record({
  marker: hex8.map((h) => `fz${h}`),
  postcode: fc.constantFrom(...POSTCODES),
  ip: fuzzIp,
});

const signerOf = (s: Seeded, notify: boolean): Obj => ({
  name: `Pat ${s.marker} Person`,
  email: `${s.marker}.person@example.com`,
  postcode: s.postcode,
  location: "GB",
  uk_citizenship: true,
  notify_by_email: notify,
});
const petitionOf = (s: Seeded): Obj => ({
  action: `Fund ${s.marker.slice(2)} more bus routes`,
  background: "Buses connect towns and villages that trains do not reach.",
  additional_details: "Many routes were cut in recent years.",
  ...signerOf(s, false),
});

const SIGNER_FIELDS = ["name", "email", "postcode", "location", "uk_citizenship", "notify_by_email"];
const PETITION_FIELDS = ["action", "background", "additional_details", ...SIGNER_FIELDS];
const DECISIONS = ["publish", "reject", "hide", "flag", "dormant", "restore", "take_down"];

// ---------------------------------------------------------------------------------------------
// Bodies

interface Body {
  contentType?: string;
  text?: string;
}

/** A JSON body from a valid object: refused cases always carry a defect that must refuse them. */
function jsonBody(
  valid: fc.Arbitrary<Obj>,
  fields: readonly string[],
  fatal: fc.Arbitrary<(o: Obj) => Obj>,
  mode: Mode,
): fc.Arbitrary<Body> {
  const shaped = fc.tuple(valid, mutations(fields), fc.option(fc.constantFrom(...PROTO_JSON)));
  const asJson = (o: Obj, proto: string | null, type = JSON_TYPE): Body => ({
    contentType: type,
    text: proto ? withRawMember(o, proto) : JSON.stringify(o),
  });
  const defective: fc.Arbitrary<Body> = fc.oneof(
    fc.tuple(shaped, fatal).map(([[o, ms, proto], kill]) => asJson(kill(mutate(o, ms)), proto)),
    fc.constantFrom(...MALFORMED_JSON).map((text) => ({ contentType: JSON_TYPE, text })),
    fc.tuple(shaped, fc.constantFrom(...WRONG_TYPES)).map(([[o], type]) => asJson(o, null, type)),
    fc
      .tuple(valid, fc.constantFrom(...WRONG_TYPES))
      .map(([o, type]) => ({ contentType: type, text: encodeForm(o) })),
    fc.constant({ contentType: FORM, text: "name=a&email=b" }),
    wrongValue
      .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
      .map((v) => ({ contentType: JSON_TYPE, text: JSON.stringify(v) })),
    fc.constant({ contentType: JSON_TYPE, text: "" }),
  );
  if (mode === "refuse") return defective;
  return fc.oneof(
    { weight: 3, arbitrary: shaped.map(([o, ms, proto]) => asJson(mutate(o, ms), proto)) },
    { weight: 4, arbitrary: valid.map((o) => asJson(o, null)) },
    { weight: 1, arbitrary: valid.map((o) => ({ text: JSON.stringify(o) })) },
    { weight: 2, arbitrary: defective },
  );
}

/** A form post with a CSRF cookie; refused cases break the CSRF check or a required field. */
function formBody(valid: fc.Arbitrary<Obj>, fields: readonly string[], mode: Mode, killField: string) {
  return fc
    .tuple(
      valid,
      mutations(fields),
      csrfToken,
      fc.constantFrom("ok", "missing", "mismatch", "no-cookie", "fatal-field"),
    )
    .map(([o, ms, token, csrf]) => {
      const state =
        mode === "open"
          ? csrf === "fatal-field" || csrf === "no-cookie"
            ? "ok"
            : csrf
          : csrf === "ok"
            ? "fatal-field"
            : csrf;
      const fields = mutate(o, ms);
      if (state === "fatal-field") delete fields[killField];
      // The CSRF field goes last so a mutation never drops it.
      if (state !== "missing") fields.csrf_token = state === "mismatch" ? `${token.slice(0, 42)}x` : token;
      return {
        body: { contentType: FORM, text: encodeForm(fields) } satisfies Body,
        cookies: state === "no-cookie" ? [] : [`csrf=${token}`],
      };
    });
}

// ---------------------------------------------------------------------------------------------
// Paths and queries

const petitionIdJunk = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "99999999999999999999",
    "1e5",
    "0x10",
    "１２３",
    "12abc",
    " 12",
    "%2e%2e",
    "..%2F..%2Fadmin",
    "%2F",
    "%00",
    "%E0%A4%A",
    "%",
    "null",
    "undefined",
    "__proto__",
    "constructor",
    "9".repeat(2000),
  ),
  fc.integer({ min: -1_000_000, max: 2_000_000_000 }).map(String),
  fc.string({ minLength: 1, maxLength: 30 }).map(pct),
  odd,
);

function petitionId(fx: Fixtures, mode: Mode, which: "public" | "staff" | "pending") {
  const own = which === "public" ? fx.open : which === "staff" ? fx.staffOpen : fx.pending;
  const real = fc.constantFrom(String(own), String(fx.pending), "999999999");
  return mode === "refuse"
    ? fc.oneof(real, petitionIdJunk)
    : fc.oneof({ weight: 4, arbitrary: fc.constant(String(own)) }, real, petitionIdJunk);
}

const signatureIdJunk = (fx: Fixtures) =>
  fc.oneof(
    fc.constant(fx.signatureId),
    fc.constant(`${fx.signatureId.slice(0, -1)}A`),
    fc.constant(fx.signatureId.replace(/-1-/, "-2-")),
    fc.constant("1-1-AAAAAAAAAAAAAAAAAAAAAA"),
    petitionIdJunk,
  );

/** Percent-encoding that also writes lone surrogates (as WTF-8 bytes), which encodeURIComponent refuses. */
function pct(value: string): string {
  return value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|[\s\S]/g, (c) => {
    if (c.length === 2 || !/[\uD800-\uDFFF]/.test(c)) return encodeURIComponent(c);
    const u = c.charCodeAt(0);
    return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
      .map((b) => `%${b.toString(16).toUpperCase()}`)
      .join("");
  });
}

/** A query string from a valid record, with odd additions. */
function queryOf(base: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.array(
        fc.oneof(
          fc.tuple(fc.string({ maxLength: 8 }), junkString).map(([k, v]) => `${pct(k)}=${pct(v)}`),
          odd.map((o) => `${o}=${o}`),
          fc.constantFrom(
            "token[]=a&token[]=b",
            "page[$gt]=1",
            "__proto__[x]=1",
            "constructor[prototype][x]=1",
            "=",
            "&&&",
            "a",
            "q=%FF%FE",
          ),
          fc.integer({ min: 100, max: 4_000 }).map((n) => `q=${"x".repeat(n)}`),
        ),
        { maxLength: 3 },
      ),
      fc.boolean(),
    )
    .map(([record, extras, repeat]) => {
      const pairs = Object.entries(record).map(([k, v]) => `${pct(k)}=${pct(v)}`);
      // A repeated key: the engine joins repeated values with commas, as API Gateway does.
      if (repeat && pairs[0]) pairs.push(pairs[0]);
      return [...pairs, ...extras].join("&");
    });
}

const maybe = (value: string) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(value) }, junkString, fc.constant(""));
const listQuery = fc.record(
  {
    state: maybe("open"),
    q: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("bus", "libraries", "") }, junkString),
    page: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("1", "2") },
      fc.constantFrom("0", "-1", "99999999", "1.5", "NaN", "Infinity", "1e3"),
      junkString,
    ),
    count: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("1", "50") },
      fc.constantFrom("51", "0", "abc"),
      junkString,
    ),
  },
  { requiredKeys: [] },
);
/** The archive's list, as JSON and as a page. */
const archiveQuery = queryOf(
  fc.record(
    {
      parliament: fc.constantFrom("1", "2", "0", "x", "99999"),
      state: fc.constantFrom("all", "closed", "rejected", "open", ""),
      q: junkString,
      page: fc.constantFrom("1", "2", "0", "-1", "abc"),
      count: fc.constantFrom("1", "50", "51", "0"),
    },
    { requiredKeys: [] },
  ),
);
const tokenQuery = (real: string | null) =>
  fc.record({
    token: fc.oneof(
      fc.constant(real ?? "x"),
      fc.constant(`${(real ?? "x").slice(0, -1)}A`),
      fc.constant("A".repeat(43)),
      fc.constant("x".repeat(201)),
      junkString,
    ),
  });

// ---------------------------------------------------------------------------------------------
// Each route's generator

interface Parts {
  path: string;
  query?: string;
  body?: Body;
  cookies?: string[];
  token?: string | null;
}

type Generator = (fx: Fixtures, mode: Mode, s: Seeded) => fc.Arbitrary<Parts>;

const noQuery = fc.constant("");
const get = (path: string, query: fc.Arbitrary<string> = queryOf(fc.constant({}))): fc.Arbitrary<Parts> =>
  query.map((q) => ({ path, query: q }));
const withId = <T>(id: fc.Arbitrary<string>, rest: fc.Arbitrary<T>, f: (id: string, rest: T) => Parts) =>
  fc.tuple(id, rest).map(([i, r]) => f(i, r));

const uncitizen = fc
  .constantFrom<unknown>(false, "true", 1, null, "yes", undefined)
  .map((v) => (o: Obj) => ({ ...o, uk_citizenship: v }));
const signerBody = (mode: Mode, s: Seeded) =>
  jsonBody(
    fc.boolean().map((n) => signerOf(s, n)),
    SIGNER_FIELDS,
    uncitizen,
    mode,
  );
const staffSession = (fx: Fixtures) =>
  fc.constantFrom<string[]>(
    [`staff_session=${fx.moderator}`],
    [`staff_session=${fx.sysadmin}`],
    [],
    ["staff_session=junk"],
  );

/** A constituency's slug, or something that is not one. */
const localSlug = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("holborn-and-st-pancras", "queen-s-park-and-maida-vale", "ynys-mon"),
  },
  fc.constantFrom("Holborn-And-St-Pancras", "nowhere", "-", "a".repeat(300)),
  petitionIdJunk,
  junkString.map(pct),
);

const generators: Record<RouteKey, Generator> = {
  "GET /petitions.json": () => get("/petitions.json", queryOf(listQuery)),
  "GET /petitions/{id}": (fx, mode) =>
    withId(
      fc
        .tuple(petitionId(fx, mode, "public"), fc.constantFrom(".json", "", ".JSON", ".json.json", ".csv"))
        .map(([i, e]) => `${i}${e}`),
      queryOf(fc.constant({})),
      (id, q) => ({ path: `/petitions/${id}`, query: q }),
    ),
  "GET /petitions/{id}/gathering-support": (fx, mode) =>
    withId(petitionId(fx, mode, "pending"), noQuery, (id) => ({
      path: `/petitions/${id}/gathering-support`,
    })),
  "GET /petitions/{id}/moderation-info": (fx, mode) =>
    withId(petitionId(fx, mode, "pending"), noQuery, (id) => ({ path: `/petitions/${id}/moderation-info` })),
  "GET /petitions/{id}/count.json": (fx, mode) =>
    withId(petitionId(fx, mode, "public"), noQuery, (id) => ({ path: `/petitions/${id}/count.json` })),
  "GET /trending.json": () => get("/trending.json"),
  "GET /petitions.csv": () => get("/petitions.csv", queryOf(listQuery)),
  "GET /petitions/{id}/signatures-over-time.json": (fx, mode) =>
    withId(petitionId(fx, mode, "public"), noQuery, (id) => ({
      path: `/petitions/${id}/signatures-over-time.json`,
    })),
  "GET /openapi.json": () => get("/openapi.json"),
  "GET /constituencies.json": () => get("/constituencies.json"),
  "GET /petitions/local": (_fx, _mode, s) =>
    get(
      "/petitions/local",
      queryOf(
        fc.record(
          {
            postcode: fc.oneof(
              fc.constant(s.postcode),
              fc.constantFrom(...POSTCODES, "", "SW1A"),
              junkString,
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ),
  "GET /petitions/local/{slug}": () =>
    fc
      .tuple(localSlug, fc.constantFrom("", ".json", ".csv", ".JSON", ".json.json", "/"))
      .map(([slug, suffix]) => ({ path: `/petitions/local/${slug}${suffix}` })),
  "GET /petitions/local/{slug}/{view}": () =>
    fc
      .tuple(
        localSlug,
        fc.oneof(fc.constantFrom("all", "all.json", "all.csv", "ALL", "all.xml"), petitionIdJunk),
      )
      .map(([slug, view]) => ({ path: `/petitions/local/${slug}/${view}` })),
  "POST /petitions": (_fx, mode, s) =>
    jsonBody(
      fc.constant(petitionOf(s)),
      PETITION_FIELDS,
      fc.oneof(
        uncitizen,
        fc.constant((o: Obj) => ({ ...o, action: "" })),
      ),
      mode,
    ).map((body) => ({ path: "/petitions", body })),
  "POST /petitions/{id}/sponsors": (fx, mode, s) =>
    fc
      .tuple(petitionId(fx, mode, "pending"), queryOf(tokenQuery(fx.sponsorToken)), signerBody(mode, s))
      .map(([id, q, body]) => ({ path: `/petitions/${id}/sponsors`, query: q, body })),
  "POST /petitions/{id}/signatures": (fx, mode, s) =>
    fc
      .tuple(petitionId(fx, mode, "public"), signerBody(mode, s))
      .map(([id, body]) => ({ path: `/petitions/${id}/signatures`, body })),
  "GET /signatures/{id}/verify": (fx) =>
    withId(signatureIdJunk(fx), queryOf(tokenQuery(null)), (id, q) => ({
      path: `/signatures/${id}/verify`,
      query: q,
    })),
  "GET /signatures/{id}/unsubscribe": (fx) =>
    withId(signatureIdJunk(fx), queryOf(tokenQuery(null)), (id, q) => ({
      path: `/signatures/${id}/unsubscribe`,
      query: q,
    })),
  "POST /signatures/{id}/unsubscribe": (fx) =>
    fc
      .tuple(
        signatureIdJunk(fx),
        queryOf(tokenQuery(null)),
        fc.constantFrom<Body | undefined>(
          undefined,
          { contentType: FORM, text: "List-Unsubscribe=One-Click" },
          { contentType: JSON_TYPE, text: "{" },
        ),
      )
      .map(([id, q, body]) => ({ path: `/signatures/${id}/unsubscribe`, query: q, body })),
  "GET /admin/petitions": (fx) =>
    get(
      "/admin/petitions",
      queryOf(
        fc.record(
          { queue: maybe("in_moderation"), page: maybe("1"), count: maybe("100") },
          { requiredKeys: [] },
        ),
      ),
    ).map((p) => ({ ...p, token: fx.moderator })),
  "POST /admin/petitions/{id}/moderation": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record(
            {
              decision: fc.constantFrom(...DECISIONS),
              reason_code: fc.constantFrom("duplicate", "irrelevant", "offensive", "no-action"),
              details: junkString,
              email: fc.constantFrom<unknown>(true, false, "true", "false", "sometimes"),
            },
            { requiredKeys: ["decision"] },
          ),
          ["decision", "reason_code", "details", "email"],
          fc.constant((o: Obj) => ({ ...o, decision: "obliterate" })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/moderation`, body, token: fx.moderator })),
  "GET /admin/blocks": (fx) => get("/admin/blocks").map((p) => ({ ...p, token: fx.sysadmin })),
  "POST /admin/blocks": (fx, mode, s) =>
    jsonBody(
      fc.constantFrom(
        { kind: "ip", value: `203.0.113.${Number.parseInt(s.marker.slice(-2), 16)}` },
        { kind: "domain", value: `fzq${s.marker.slice(2)}.invalid` },
        { kind: "email", value: `fzq${s.marker.slice(2)}@fuzz.invalid` },
      ),
      ["kind", "value"],
      fc.constant((o: Obj) => ({ ...o, kind: "everything" })),
      mode,
    )
      // Valid values must stay in the fuzzer's own namespace: a mutated value is refused.
      .map((body) => ({ path: "/admin/blocks", body: safeBlock(body), token: fx.sysadmin })),
  "DELETE /admin/blocks": (fx, mode) =>
    get(
      "/admin/blocks",
      queryOf(
        fc.record({
          kind:
            mode === "refuse"
              ? fc.constantFrom("", "all", "IP ")
              : fc.constantFrom("ip", "domain", "email", "x"),
          value: fc.oneof(fc.constant("fzq00000000.invalid"), junkString),
        }),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  "GET /admin/settings": (fx) => get("/admin/settings").map((p) => ({ ...p, token: fx.sysadmin })),
  // Only a version no settings have (409), or a change of nothing: a fuzzed change must never
  // pause signing or put the fuzzer's text in the banner of every page.
  "PUT /admin/settings": (fx, mode) =>
    jsonBody(
      fc.constant({ version: 1_000_000_000 }),
      ["version"],
      fc.constant((o: Obj) => ({ ...o, version: "latest" })),
      mode,
    ).map((body) => ({ path: "/admin/settings", body, token: fx.sysadmin })),
  "POST /admin/moderation-delay": (fx, mode) =>
    jsonBody(
      fc.constant({
        subject: "Checking petitions is taking longer",
        body: "Thank you for your patience.",
        preview: true,
      }),
      ["subject", "body", "preview"],
      fc.constant((o: Obj) => ({ ...o, subject: "" })),
      mode,
    ).map((body) => ({ path: "/admin/moderation-delay", body, token: fx.sysadmin })),
  "GET /admin/suppressions": (fx, mode) =>
    get(
      "/admin/suppressions",
      queryOf(
        mode === "refuse"
          ? fc.record({ email: fc.constantFrom("not-an-address", "a@", "@b.invalid") })
          : fc.oneof(
              fc.constant({}),
              fc.record({ email: fc.constantFrom("fzq00000000@fuzz.invalid", "nobody@fuzz.invalid") }),
              fc.record({ cursor: junkString }),
            ),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  "POST /admin/suppressions": (fx, mode, s) =>
    jsonBody(
      fc.record({ email: fc.constant(`fzq${s.marker.slice(2)}@fuzz.invalid`), note: fc.constant("fuzz") }),
      ["email"],
      fc.constant((o: Obj) => ({ ...o, email: "not an address" })),
      mode,
    ).map((body) => ({ path: "/admin/suppressions", body, token: fx.sysadmin })),
  "DELETE /admin/suppressions": (fx, mode) =>
    get(
      "/admin/suppressions",
      queryOf(
        fc.record({
          email:
            mode === "refuse"
              ? fc.constantFrom("", "not-an-address", "a@")
              : fc.constantFrom("fzq00000000@fuzz.invalid", "nobody@fuzz.invalid"),
        }),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  // Search values never match the fuzzer's own signers, whose data the answer would show.
  "GET /admin/signatures": (fx, mode) =>
    get(
      "/admin/signatures",
      queryOf(
        mode === "refuse"
          ? fc.oneof(
              // Only email and ip may leave out the petition.
              fc.record({ domain: fc.constant("nomatch.invalid") }),
              fc.record({
                ip: fc.constant("192.0.2.1"),
                name: fc.constant("zz"),
                petition_id: fc.constant(String(fx.open)),
              }),
              fc.record({ petition_id: fc.oneof(fc.constant(String(fx.open)), junkString) }),
              fc.record({
                domain: fc.constant("nomatch.invalid"),
                petition_id: fc.constant(String(fx.open)),
                window: fc.constantFrom("2w", "91d", "0h", "-1"),
              }),
            )
          : fc.oneof(
              fc.record(
                {
                  postcode: fc.constantFrom("ZZ99 9ZZ", "nomatch"),
                  petition_id: fc.oneof(fc.constant(String(fx.open)), petitionIdJunk),
                  window: fc.constantFrom("24h", "7d", "3"),
                },
                { requiredKeys: ["postcode", "petition_id"] },
              ),
              // Every petition, through the byEmail index.
              fc.record(
                { email: fc.constant("nobody@nomatch.invalid"), window: fc.constantFrom("24h", "7d") },
                { requiredKeys: ["email"] },
              ),
            ),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  // Never a real signature: the answer would show its signer.
  "GET /admin/signatures/{id}": (fx) =>
    withId(
      fc.oneof(
        fc.constantFrom(`${fx.open}-2-AAAAAAAAAAAAAAAAAAAAAA`, "1-1-AAAAAAAAAAAAAAAAAAAAAA"),
        petitionIdJunk,
      ),
      noQuery,
      (id) => ({ path: `/admin/signatures/${id}`, token: fx.sysadmin }),
    ),
  "POST /admin/signatures/actions": (fx, mode) =>
    jsonBody(
      fc.record({
        action: fc.constantFrom("validate", "invalidate", "delete", "subscribe", "unsubscribe"),
        signatures: fc.constant([`${fx.open}-2-AAAAAAAAAAAAAAAAAAAAAA`]),
      }),
      ["action", "signatures"],
      fc.constantFrom(
        (o: Obj) => ({ ...o, action: "explode" }),
        (o: Obj) => ({ ...o, signatures: ["not-an-id"] }),
        (o: Obj) => ({ ...o, signatures: [] }),
      ),
      mode,
    ).map((body) => ({ path: "/admin/signatures/actions", body, token: fx.sysadmin })),
  "GET /admin/access-log": (fx, mode) =>
    get(
      "/admin/access-log",
      queryOf(
        mode === "refuse"
          ? fc.record({ month: fc.oneof(fc.constantFrom("2026-13", "yesterday", ""), junkString) })
          : fc.record({ month: fc.constantFrom("2026-12", "2026-01") }, { requiredKeys: [] }),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  "GET /admin/petitions/{id}/trending-sources": (fx) =>
    withId(
      fc.oneof(fc.constant(String(fx.pending)), petitionIdJunk),
      queryOf(
        fc.record(
          { hours: fc.oneof(fc.constantFrom("1", "24", "48", "49", "0"), junkString) },
          { requiredKeys: [] },
        ),
      ),
      (id, query) => ({ path: `/admin/petitions/${id}/trending-sources`, query, token: fx.sysadmin }),
    ),
  "GET /admin/trending-allow-list": (fx) =>
    get("/admin/trending-allow-list").map((p) => ({ ...p, token: fx.sysadmin })),
  "POST /admin/trending-allow-list": (fx, mode, s) =>
    jsonBody(
      fc.constantFrom(
        { kind: "ip", value: `203.0.113.${Number.parseInt(s.marker.slice(-2), 16)}` },
        { kind: "domain", value: `fzq${s.marker.slice(2)}.invalid` },
      ),
      ["kind", "value"],
      fc.constantFrom(
        (o: Obj) => ({ ...o, kind: "everything" }),
        (o: Obj) => ({ ...o, kind: "ip", value: "10.0.0.0/99" }),
      ),
      mode,
      // Valid values stay in the fuzzer's own namespace, as for the block lists.
    ).map((body) => ({ path: "/admin/trending-allow-list", body: safeBlock(body), token: fx.sysadmin })),
  "DELETE /admin/trending-allow-list": (fx, mode) =>
    get(
      "/admin/trending-allow-list",
      queryOf(
        fc.record({
          kind: mode === "refuse" ? fc.constantFrom("", "all", "IP ") : fc.constantFrom("ip", "domain", "x"),
          value: fc.oneof(fc.constant("fzq00000000.invalid"), junkString),
        }),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  "PUT /admin/petitions/{id}/government-response": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record({
            responded_on: fc.constantFrom("2026-01-02", "2026-13-40", ""),
            summary: junkString,
            details: junkString,
            revision: fc.oneof(
              fc.record({ requested_on: fc.constantFrom("2026-01-01", "2026-02-30"), reason: junkString }),
              fc.constant(undefined),
            ),
            email_signers: fc.boolean(),
          }),
          ["responded_on", "summary", "details", "revision", "email_signers"],
          fc.constant((o: Obj) => ({ ...o, summary: 42 })),
          mode,
        ),
      )
      .map(([id, body]) => ({
        path: `/admin/petitions/${id}/government-response`,
        body,
        token: fx.moderator,
      })),
  "POST /admin/petitions/{id}/other-business": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record({
            subject: junkString,
            body: fc.oneof(junkString, fc.constant("<script>alert(1)</script> [x](javascript:alert(1))")),
            occurred_on: fc.constantFrom("2026-01-02", "2026-02-30", ""),
            email_signers: fc.boolean(),
          }),
          ["subject", "body", "occurred_on", "email_signers"],
          fc.constant((o: Obj) => ({ ...o, subject: 42 })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/other-business`, body, token: fx.moderator })),
  "PUT /admin/petitions/{id}/committee-note": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record({ committee_note: fc.oneof(junkString, fc.constant(null)) }),
          ["committee_note"],
          fc.constant((o: Obj) => ({ ...o, committee_note: 42 })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/committee-note`, body, token: fx.moderator })),
  // The moderators' tools. Searches name the fixtures or words no fuzzed petition holds, so
  // their answers (which show creators' names to staff) never hold a case's marker. The tag list
  // set is the one test/integration/moderation-tools.test.ts sets, so runs side by side agree.
  "GET /admin/search": (fx, mode) =>
    get(
      "/admin/search",
      queryOf(
        fc.record({
          q:
            mode === "refuse"
              ? fc.constantFrom("", "   ", "x".repeat(201))
              : fc.constantFrom(String(fx.pending), `#${fx.staffOpen}`, "999999999", "libraries", "the"),
        }),
      ),
    ).map((p) => ({ ...p, token: fx.moderator })),
  "PUT /admin/petitions/{id}/note": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record({ note: fc.oneof(junkString, fc.constant(null)) }),
          ["note"],
          fc.constant((o: Obj) => ({ ...o, note: 42 })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/note`, body, token: fx.moderator })),
  "PUT /admin/petitions/{id}/tags": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record({ tags: fc.constantFrom(["NHS"], [], ["Housing", "nhs"]) }),
          ["tags"],
          fc.constant((o: Obj) => ({ ...o, tags: ["No such tag"] })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/tags`, body, token: fx.moderator })),
  "PUT /admin/petitions/{id}/texts": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "pending"),
        jsonBody(
          fc.record({
            action: fc.oneof(fc.constant("Build more public libraries"), junkString),
            background: fc.oneof(fc.constant("Libraries matter."), junkString),
            additional_details: fc.oneof(junkString, fc.constant(null)),
          }),
          ["action", "background", "additional_details"],
          fc.constant((o: Obj) => ({ ...o, action: "" })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/texts`, body, token: fx.moderator })),
  "POST /admin/petitions/{id}/sponsor-email": (fx, mode) =>
    petitionId(fx, mode, "pending").map((id) => ({
      path: `/admin/petitions/${id}/sponsor-email`,
      token: mode === "refuse" ? null : fx.moderator,
    })),
  "GET /admin/tags": (fx) => get("/admin/tags").map((p) => ({ ...p, token: fx.moderator })),
  "PUT /admin/tags": (fx, mode) =>
    jsonBody(
      fc.constant({ tags: ["Housing", "NHS"] }),
      ["tags"],
      fc.constant((o: Obj) => ({ ...o, tags: "Housing" })),
      mode,
    ).map((body) => ({ path: "/admin/tags", body, token: fx.sysadmin })),
  "PUT /admin/petitions/{id}/debate": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        jsonBody(
          fc.record(
            {
              scheduled_on: fc.constantFrom("2026-03-04", "2026-02-30", "tomorrow"),
              debated_on: fc.constantFrom("2026-03-05", "1999-01-01"),
              overview: junkString,
              transcript_url: fc.constantFrom(
                "https://hansard.parliament.uk/x",
                "javascript:alert(1)",
                "not a url",
              ),
              not_debated: fc.boolean(),
              reason: junkString,
              email_signers: fc.boolean(),
            },
            { requiredKeys: [] },
          ),
          ["scheduled_on", "debated_on", "overview", "transcript_url", "not_debated", "reason"],
          fc.constant((o: Obj) => ({ ...o, email_signers: "yes please" })),
          mode,
        ),
      )
      .map(([id, body]) => ({ path: `/admin/petitions/${id}/debate`, body, token: fx.moderator })),
  "GET /admin/jobs/{id}": (fx) =>
    withId(fc.oneof(fc.uuid(), petitionIdJunk), noQuery, (id) => ({
      path: `/admin/jobs/${id}`,
      token: fx.moderator,
    })),
  "POST /admin/jobs/{id}/cancel": (fx) =>
    withId(fc.oneof(fc.uuid(), petitionIdJunk), noQuery, (id) => ({
      path: `/admin/jobs/${id}/cancel`,
      token: fx.moderator,
    })),
  "GET /admin/invalidations": (fx, mode) =>
    get(
      "/admin/invalidations",
      queryOf(
        fc.record(
          {
            state:
              mode === "refuse" ? fc.constantFrom("", "all", "done") : fc.constantFrom("pending", "running"),
          },
          { requiredKeys: mode === "refuse" ? ["state"] : [] },
        ),
      ),
    ).map((p) => ({ ...p, token: fx.sysadmin })),
  // Valid invalidations stay pending (nothing starts them) and name only the fuzzer's own domain.
  "POST /admin/invalidations": (fx, mode, s) =>
    jsonBody(
      fc.record(
        {
          petition_id: fc.constant(fx.open),
          domain: fc.constant(`fzq${s.marker.slice(2)}.invalid`),
          ip: fc.constantFrom("203.0.113.0/24", "2001:db8::/32"),
          summary: junkString.filter((v) => v.trim().length > 0 && v.length <= 255),
          details: junkString,
        },
        { requiredKeys: ["domain", "summary"] },
      ),
      ["petition_id", "domain", "ip", "summary", "details"],
      fc.constant((o: Obj) => ({ ...o, summary: "" })),
      mode,
    ).map((body) => ({ path: "/admin/invalidations", body, token: fx.sysadmin })),
  "GET /admin/invalidations/{id}": (fx) =>
    withId(fc.oneof(fc.uuid(), petitionIdJunk), noQuery, (id) => ({
      path: `/admin/invalidations/${id}`,
      token: fx.sysadmin,
    })),
  ...Object.fromEntries(
    (["count", "start", "cancel"] as const).map((action) => [
      `POST /admin/invalidations/{id}/${action}`,
      (fx: Fixtures) =>
        withId(fc.oneof(fc.uuid(), petitionIdJunk), noQuery, (id) => ({
          path: `/admin/invalidations/${id}/${action}`,
          token: fx.sysadmin,
        })),
    ]),
  ),
  "GET /admin/reports/thresholds": (fx) =>
    get(
      "/admin/reports/thresholds",
      queryOf(
        fc.record(
          {
            since: fc.oneof(
              fc.constantFrom("2026-01-01T00:00:00Z", "2026-01-01", "yesterday", "9999-99-99T99:99:99Z"),
              junkString,
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    ).map((p) => ({ ...p, token: fx.moderator })),
  // Topics and feedback: names, codes and addresses in the fuzzer's own `fzq` namespace (no
  // marker), since staff read them back and a marker there would be no leak.
  "GET /topics.json": () => get("/topics.json"),
  "GET /admin/topics": (fx) => get("/admin/topics").map((p) => ({ ...p, token: fx.sysadmin })),
  "POST /admin/topics": (fx, mode, s) =>
    jsonBody(
      fc.constant({ code: `fzq-${s.marker.slice(2)}`, name: `Topic ${s.marker.slice(2)}` }),
      ["code", "name"],
      fc.constant((o: Obj) => ({ ...o, code: "Not A Code" })),
      mode,
    ).map((body) => ({ path: "/admin/topics", body, token: fx.sysadmin })),
  "PUT /admin/topics/{code}": (fx, mode) =>
    fc
      .tuple(
        fc.oneof(fc.constantFrom("fzq-00000000", "no-such-topic", "Not A Code"), petitionIdJunk),
        jsonBody(
          fc.constant({ name: "Renamed topic" }),
          ["name"],
          fc.constant((o: Obj) => ({ ...o, name: "" })),
          mode,
        ),
      )
      .map(([code, body]) => ({ path: `/admin/topics/${code}`, body, token: fx.sysadmin })),
  "DELETE /admin/topics/{code}": (fx) =>
    fc
      .oneof(fc.constantFrom("no-such-topic", "Not A Code", "-"), petitionIdJunk)
      .map((code) => ({ path: `/admin/topics/${code}`, token: fx.sysadmin })),
  "PUT /admin/petitions/{id}/classification": (fx, mode) =>
    withId(
      petitionId(fx, mode, "staff"),
      jsonBody(
        fc.constantFrom<Obj>({ topics: [], departments: ["hm-treasury"] }, { topics: [], departments: [] }),
        ["topics", "departments"],
        fc.constant((o: Obj) => ({ ...o, departments: ["ministry-of-magic"] })),
        mode,
      ),
      (id, body) => ({ path: `/admin/petitions/${id}/classification`, body, token: fx.moderator }),
    ),
  // The dissolution: always far in the future, so no run of the closing schedule acts on it.
  "GET /parliaments.json": () => get("/parliaments.json"),
  "GET /admin/parliament": (fx) => get("/admin/parliament").map((p) => ({ ...p, token: fx.sysadmin })),
  "PUT /admin/parliament": (fx, mode) =>
    jsonBody(
      fc.constant<Obj>({
        dissolution_at: "2099-05-01T00:00:00Z",
        dissolution_heading: "Parliament is dissolving",
        dissolution_message: "All petitions will close early",
        notification_cutoff_at: "2099-04-30T00:00:00Z",
        election_date: "2099-06-01",
        show_dissolution_notification: false,
      }),
      [
        "dissolution_at",
        "dissolution_heading",
        "dissolution_message",
        "notification_cutoff_at",
        "election_date",
      ],
      fc.constant((o: Obj) => ({ ...o, dissolution_at: "2099-05-01T00:00:00Z", dissolution_heading: "" })),
      mode,
    ).map((body) => ({ path: "/admin/parliament", body, token: fx.sysadmin })),
  // Never accepted: no body the fuzzer sends sets the election date and the rest it needs.
  "POST /admin/parliament/announcement": (fx) =>
    fc
      .constantFrom(fx.sysadmin, fx.moderator)
      .map((token) => ({ path: "/admin/parliament/announcement", token })),
  "GET /archived/petitions.json": () => get("/archived/petitions.json", archiveQuery),
  "GET /archived/petitions/{id}": () =>
    fc
      .tuple(
        fc.oneof(fc.constantFrom("1", "2", "999999"), petitionIdJunk),
        fc.constantFrom(".json", "", ".csv"),
      )
      .map(([id, format]) => ({ path: `/archived/petitions/${encodeURIComponent(id)}${format}` })),
  // The page reads `count` as it reads any other unknown parameter: it ignores it.
  "GET /archived/petitions": () => get("/archived/petitions", archiveQuery),
  "GET /feedback": () => get("/feedback"),
  "GET /feedback/thanks": () => get("/feedback/thanks"),
  "POST /feedback": (_fx, mode, s) => {
    const valid = fc.constant<Obj>({
      comment: `Feedback fzq${s.marker.slice(2)}`,
      petition_link_or_title: "Fund more bus routes",
      email: `fzq${s.marker.slice(2)}@fuzz.invalid`,
    });
    const fields = ["comment", "petition_link_or_title", "email"];
    return fc.oneof(
      jsonBody(
        valid,
        fields,
        fc.constant((o: Obj) => ({ ...o, comment: "" })),
        mode,
      ).map((body) => ({
        path: "/feedback",
        body,
      })),
      formBody(valid, fields, mode, "comment").map((form) => ({ path: "/feedback", ...form })),
    );
  },
  "GET /admin/feedback": (fx) =>
    get("/admin/feedback", queryOf(fc.record({ count: maybe("10") }, { requiredKeys: [] }))).map((p) => ({
      ...p,
      token: fx.moderator,
    })),
  "GET /": () => get("/"),
  "GET /petitions": () => get("/petitions", queryOf(listQuery)),
  "GET /help": () => get("/help"),
  "GET /help/{page}": () =>
    fc
      .oneof(
        fc.constantFrom("privacy", "cookies", "standards", "accessibility", "how-petitions-work"),
        petitionIdJunk,
      )
      .map((p) => ({ path: `/help/${p}` })),
  "GET /petitions/{id}/signatures/new": (fx, mode) =>
    withId(petitionId(fx, mode, "public"), noQuery, (id) => ({ path: `/petitions/${id}/signatures/new` })),
  "POST /petitions/{id}/signatures/new": (fx, mode, s) =>
    fc
      .tuple(
        petitionId(fx, mode, "public"),
        formBody(fc.constant(signerOf(s, true)), SIGNER_FIELDS, mode, "uk_citizenship"),
      )
      .map(([id, form]) => ({ path: `/petitions/${id}/signatures/new`, ...form })),
  "GET /petitions/{id}/sponsors/new": (fx, mode) =>
    withId(petitionId(fx, mode, "pending"), queryOf(tokenQuery(fx.sponsorToken)), (id, q) => ({
      path: `/petitions/${id}/sponsors/new`,
      query: q,
    })),
  "POST /petitions/{id}/sponsors/new": (fx, mode, s) =>
    fc
      .tuple(
        petitionId(fx, mode, "pending"),
        queryOf(tokenQuery(fx.sponsorToken)),
        formBody(fc.constant(signerOf(s, true)), SIGNER_FIELDS, mode, "uk_citizenship"),
      )
      .map(([id, q, form]) => ({ path: `/petitions/${id}/sponsors/new`, query: q, ...form })),
  "GET /petitions/new": () => get("/petitions/new"),
  "POST /petitions/new": (_fx, mode, s) =>
    formBody(
      fc.constantFrom("action", "background", "details", "you", "check").map((step) => ({
        ...petitionOf(s),
        uk_citizenship: "true",
        // An open case may also change step; a refused one must reach the signer's check.
        step: mode === "refuse" ? (step === "check" ? "check" : "you") : step,
      })),
      PETITION_FIELDS.filter((f) => f !== "uk_citizenship"),
      mode,
      "uk_citizenship",
    ).map((form) => ({ path: "/petitions/new", ...form })),
  "GET /staff": (fx) =>
    fc
      .tuple(
        queryOf(fc.record({ queue: maybe("in_moderation"), page: maybe("2") }, { requiredKeys: [] })),
        staffSession(fx),
      )
      .map(([q, cookies]) => ({ path: "/staff", query: q, cookies })),
  "GET /staff/sign-in": () => get("/staff/sign-in"),
  "POST /staff/sign-in": (fx) =>
    formBody(
      fc.constantFrom({ token: fx.moderator }, { token: "not-a-token" }, { token: "" }),
      ["token"],
      "open",
      "token",
    ).map((form) => ({ path: "/staff/sign-in", ...form })),
  "GET /staff/sign-in/callback": () =>
    get(
      "/staff/sign-in/callback",
      queryOf(fc.record({ code: junkString, state: junkString }, { requiredKeys: [] })),
    ),
  "POST /staff/sign-out": () =>
    formBody(fc.constant({}), ["x"], "open", "x").map((form) => ({ path: "/staff/sign-out", ...form })),
  "GET /staff/petitions/{id}": (fx, mode) =>
    fc
      .tuple(petitionId(fx, mode, "staff"), staffSession(fx))
      .map(([id, cookies]) => ({ path: `/staff/petitions/${id}`, cookies })),
  "POST /staff/petitions/{id}/moderation": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(
          fc.record({
            decision: fc.constantFrom(...DECISIONS),
            reason_code: fc.constantFrom("duplicate", "irrelevant"),
            details: junkString,
          }),
          ["decision", "reason_code", "details"],
          mode,
          "decision",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/moderation`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/government-response": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(
          fc.record({
            summary: junkString,
            details: junkString,
            "responded_on-day": fc.constantFrom("2", "31", "x"),
            "responded_on-month": fc.constantFrom("1", "13"),
            "responded_on-year": fc.constantFrom("2026", "99999"),
            email_signers: fc.constantFrom("true", "false", "on"),
          }),
          ["summary", "details", "responded_on-day", "email_signers"],
          mode,
          "summary",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/government-response`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/debate": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(
          fc.record({
            kind: fc.constantFrom("scheduled", "debated", "not_debated", "other"),
            overview: junkString,
            reason: junkString,
            transcript_url: fc.constantFrom("https://hansard.parliament.uk/x", "javascript:alert(1)"),
          }),
          ["kind", "overview", "reason", "transcript_url"],
          mode,
          "kind",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/debate`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/other-business": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(
          fc.record({
            subject: junkString,
            body: junkString,
            "occurred_on-day": fc.constantFrom("2", "31", "x"),
            "occurred_on-month": fc.constantFrom("1", "13"),
            "occurred_on-year": fc.constantFrom("2026", "99999"),
            email_signers: fc.constantFrom("yes", "no"),
          }),
          ["subject", "body", "occurred_on-day", "email_signers"],
          mode,
          "subject",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/other-business`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/committee-note": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(fc.record({ committee_note: junkString }), ["committee_note"], mode, "committee_note"),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/committee-note`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/jobs/{id}": (fx) =>
    fc
      .tuple(fc.oneof(fc.uuid(), petitionIdJunk), staffSession(fx))
      .map(([id, cookies]) => ({ path: `/staff/jobs/${id}`, cookies })),
  "POST /staff/jobs/{id}/cancel": (fx, mode) =>
    fc
      .tuple(
        fc.oneof(fc.uuid(), petitionIdJunk),
        formBody(fc.constant({}), ["x"], mode, "x"),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/jobs/${id}/cancel`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/invalidations": (fx) =>
    fc
      .tuple(
        queryOf(fc.record({ state: fc.oneof(fc.constant("pending"), junkString) }, { requiredKeys: [] })),
        staffSession(fx),
      )
      .map(([query, cookies]) => ({ path: "/staff/invalidations", query, cookies })),
  // A valid form names only the fuzzer's own domain, and nothing starts what it creates.
  "POST /staff/invalidations": (fx, mode, s) =>
    fc
      .tuple(
        formBody(
          fc.record({ summary: fc.constant("Fuzz"), domain: fc.constant(`fzq${s.marker.slice(2)}.invalid`) }),
          ["summary", "domain", "ip", "created_after"],
          mode,
          "summary",
        ),
        staffSession(fx),
      )
      .map(([form, session]) => ({
        path: "/staff/invalidations",
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/invalidations/{id}": (fx) =>
    fc
      .tuple(fc.oneof(fc.uuid(), petitionIdJunk), staffSession(fx))
      .map(([id, cookies]) => ({ path: `/staff/invalidations/${id}`, cookies })),
  "POST /staff/invalidations/{id}": (fx, mode) =>
    fc
      .tuple(
        fc.oneof(fc.uuid(), petitionIdJunk),
        formBody(
          fc.record({ action: fc.constantFrom("count", "start", "cancel") }),
          ["action"],
          mode,
          "action",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/invalidations/${id}`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/reports/thresholds": (fx) =>
    fc
      .tuple(
        queryOf(
          fc.record(
            { since: fc.oneof(fc.constant("2026-01-01T00:00:00Z"), junkString) },
            { requiredKeys: [] },
          ),
        ),
        staffSession(fx),
      )
      .map(([q, cookies]) => ({ path: "/staff/reports/thresholds", query: q, cookies })),
  "GET /staff/search": (fx) =>
    fc
      .tuple(
        queryOf(
          fc.record(
            { q: fc.constantFrom(String(fx.pending), "999999999", "libraries", "", "x".repeat(300)) },
            { requiredKeys: [] },
          ),
        ),
        staffSession(fx),
      )
      .map(([q, cookies]) => ({ path: "/staff/search", query: q, cookies })),
  "POST /staff/petitions/{id}/note": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(fc.record({ note: junkString }), ["note"], mode, "note"),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/note`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/tags": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "staff"),
        formBody(
          fc.record({ tags: fc.constantFrom("NHS", "Housing", "No such tag") }),
          ["tags"],
          mode,
          "tags",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/tags`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "POST /staff/petitions/{id}/texts": (fx, mode) =>
    fc
      .tuple(
        petitionId(fx, mode, "pending"),
        formBody(
          fc.record({
            action: fc.oneof(fc.constant("Build more public libraries"), junkString),
            background: fc.oneof(fc.constant("Libraries matter."), junkString),
            additional_details: junkString,
          }),
          ["action", "background", "additional_details"],
          mode,
          "action",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/texts`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  // The form has no field to get wrong: a refusal names a petition with no supporter link to send.
  "POST /staff/petitions/{id}/sponsor-email": (fx, mode) =>
    fc
      .tuple(
        mode === "refuse"
          ? fc.oneof(fc.constant(String(fx.open)), petitionIdJunk)
          : petitionId(fx, mode, "pending"),
        formBody(fc.constant({}), ["x"], mode, "x"),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/sponsor-email`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/settings": (fx) => staffSession(fx).map((cookies) => ({ path: "/staff/settings", cookies })),
  // A version no settings have: a fuzzed form never changes them (409, or 422 for a bad field).
  "POST /staff/settings": (fx, mode) =>
    fc
      .tuple(
        formBody(
          fc.record({ version: fc.constant("1000000000"), signing_paused: fc.constant("false") }),
          ["version"],
          mode,
          "version",
        ),
        staffSession(fx),
      )
      .map(([form, session]) => ({
        path: "/staff/settings",
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/moderation-delay": (fx) =>
    staffSession(fx).map((cookies) => ({ path: "/staff/moderation-delay", cookies })),
  // The preview only: a fuzzed form never sends.
  "POST /staff/moderation-delay": (fx, mode) =>
    fc
      .tuple(
        formBody(fc.record({ subject: junkString, body: junkString }), ["subject", "body"], mode, "subject"),
        staffSession(fx),
      )
      .map(([form, session]) => ({
        path: "/staff/moderation-delay",
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  // Search values never match the fuzzer's own signers; a refused search names no petition.
  "GET /staff/signatures": (fx, mode) =>
    fc
      .tuple(
        queryOf(
          fc.record(
            {
              petition_id:
                mode === "refuse"
                  ? fc.constantFrom("abc", "0", "-1", "1.5")
                  : fc.oneof(fc.constant(String(fx.open)), petitionIdJunk),
              kind: fc.constantFrom("email", "ip", "domain", "postcode", "name", "everything"),
              value: fc.oneof(fc.constantFrom("nobody@nomatch.invalid", "192.0.2.1", "ZZ99 9ZZ"), edgeString),
              window: fc.constantFrom("", "24h", "91d", "x"),
            },
            { requiredKeys: ["petition_id", "value"] },
          ),
        ),
        staffSession(fx),
      )
      .map(([q, cookies]) => ({ path: "/staff/signatures", query: q, cookies })),
  "POST /staff/signatures/actions": (fx, mode) =>
    fc
      .tuple(
        formBody(
          fc.record({
            action: fc.constantFrom(
              "validate",
              "invalidate",
              "delete",
              "subscribe",
              "unsubscribe",
              "explode",
            ),
            signatures: fc.constantFrom(`${fx.open}-2-AAAAAAAAAAAAAAAAAAAAAA`, "not-an-id"),
            petition_id: fc.constant(String(fx.open)),
            kind: fc.constant("email"),
            value: fc.constant("nobody@nomatch.invalid"),
          }),
          ["action", "signatures"],
          mode,
          "action",
        ),
        staffSession(fx),
      )
      .map(([form, session]) => ({
        path: "/staff/signatures/actions",
        ...form,
        cookies: [...form.cookies, ...session],
      })),
  "GET /staff/access-log": (fx) =>
    fc
      .tuple(
        queryOf(
          fc.record(
            { month: fc.oneof(fc.constantFrom("2026-12", "2026-13"), junkString) },
            { requiredKeys: [] },
          ),
        ),
        staffSession(fx),
      )
      .map(([q, cookies]) => ({ path: "/staff/access-log", query: q, cookies })),
  "GET /staff/petitions/{id}/trending": (fx, mode) =>
    fc
      .tuple(petitionId(fx, mode, "pending"), staffSession(fx))
      .map(([id, cookies]) => ({ path: `/staff/petitions/${id}/trending`, cookies })),
  "POST /staff/petitions/{id}/trending-allow-list": (fx, mode, s) =>
    fc
      .tuple(
        petitionId(fx, mode, "pending"),
        formBody(
          fc.constantFrom(
            { kind: "ip", value: `203.0.113.${Number.parseInt(s.marker.slice(-2), 16)}` },
            { kind: "domain", value: `fzq${s.marker.slice(2)}.invalid` },
          ),
          ["kind", "value"],
          mode,
          "kind",
        ),
        staffSession(fx),
      )
      .map(([id, form, session]) => ({
        path: `/staff/petitions/${id}/trending-allow-list`,
        ...form,
        cookies: [...form.cookies, ...session],
      })),
};

/** A block is valid only inside the fuzzer's namespace; anything else is made invalid. */
function safeBlock(body: Body): Body {
  if (body.contentType !== JSON_TYPE || !body.text) return body;
  try {
    const parsed = JSON.parse(body.text) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return body;
    const value = (parsed as Obj).value;
    const ours =
      typeof value === "string" &&
      /^(203\.0\.113\.\d+|fzq[0-9a-f]{8}(\.invalid|@fuzz\.invalid))$/.test(value.trim());
    return ours
      ? body
      : { contentType: JSON_TYPE, text: JSON.stringify({ ...(parsed as Obj), kind: "none" }) };
  } catch {
    return body;
  }
}

// ---------------------------------------------------------------------------------------------
// Classifying answers

const routeKey = (r: HttpRoute) => `${r.method} ${r.path}`;
const ROUTES = topology.flatMap((f) =>
  (f.routes ?? []).map((r) => ({ key: routeKey(r), route: r, spec: f })),
);

/**
 * Routes whose accepted answers never write to the table's state. /petitions.csv writes only
 * its minute's cached copy (entity CSV), which the snapshots leave out (`stateOf`).
 */
const NEVER_WRITES = new Set([
  "GET /petitions.csv",
  "GET /signatures/{id}/unsubscribe",
  "GET /petitions/{id}/signatures/new",
  "GET /petitions/{id}/sponsors/new",
  "GET /petitions/new",
  "GET /staff",
  "GET /staff/sign-in",
  "POST /staff/sign-in",
  "GET /staff/sign-in/callback",
  "POST /staff/sign-out",
  "GET /staff/petitions/{id}",
  "GET /staff/jobs/{id}",
  "GET /staff/reports/thresholds",
  "GET /staff/access-log",
  "GET /staff/petitions/{id}/trending",
  "GET /admin/petitions/{id}/trending-sources",
  "GET /admin/trending-allow-list",
  "GET /admin/access-log",
  "GET /staff/search",
  "GET /admin/search",
  "GET /admin/tags",
  "GET /staff/settings",
  "GET /staff/moderation-delay",
  "GET /staff/invalidations",
  "GET /staff/invalidations/{id}",
  "GET /admin/blocks",
  "GET /admin/settings",
  "GET /admin/suppressions",
  "GET /admin/jobs/{id}",
  "GET /admin/invalidations",
  "GET /admin/invalidations/{id}",
  "GET /topics.json",
  "GET /admin/topics",
  "GET /parliaments.json",
  "GET /admin/parliament",
  "GET /archived/petitions.json",
  "GET /archived/petitions/{id}",
  "GET /archived/petitions",
  "GET /feedback",
  "GET /feedback/thanks",
  "GET /admin/feedback",
]);
/** Form posts whose HTML answer may show what that same request submitted. */
const ECHOES_ITS_FORM = new Set([
  "POST /petitions/{id}/signatures/new",
  "POST /petitions/{id}/sponsors/new",
  "POST /petitions/new",
]);

/** The table without the CSV's cached copies (a cache, not state; see shared/petitions/csv-cache.ts). */
const stateOf = (items: Record<string, unknown>[]) => items.filter((item) => item.entity !== "CSV");

function mayHaveWritten(c: Case, status: number, location: string | null): boolean {
  if (status >= 400) return false;
  if (status === 303 && location?.endsWith("/staff/sign-in")) return false;
  const entry = ROUTES.find((r) => r.key === c.route);
  if (entry?.spec.table !== "read-write" || NEVER_WRITES.has(c.route)) return false;
  return true;
}

/**
 * Staff see the petitions they moderate, the creator's name included: a name on a staff answer
 * is not a leak (an email, IP or postcode still is).
 */
const STAFF_ROUTE = / \/(staff|admin)(\/|$)/;
const FUZZ_NAME = /Pat fz[0-9a-f]{8} Person/gi;

function leaksIn(c: Case, contentType: string, answer: string): string[] {
  const text = STAFF_ROUTE.test(c.route) ? answer.replace(FUZZ_NAME, "") : answer;
  const echo = ECHOES_ITS_FORM.has(c.route) && contentType.startsWith("text/html");
  const found: string[] = [];
  for (const marker of text.match(MARKER) ?? []) {
    if (!(echo && marker.toLowerCase() === c.marker)) found.push(`marker ${marker}`);
  }
  for (const ip of text.match(FUZZ_IP) ?? []) found.push(`ip ${ip}`);
  for (const postcode of POSTCODES) {
    if (text.includes(postcode) && !(echo && postcode === c.postcode)) found.push(`postcode ${postcode}`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Running

async function prepare(service: LocalService): Promise<Fixtures> {
  const [open, staffOpen, pending] = await Promise.all([
    openPetition(service),
    openPetition(service),
    startPetition(service),
  ]);
  const mails = await service.mailbox();
  const confirm = mails.find((m) => m.to.includes(pending.creatorEmail) && /verify\?token=/.test(m.text));
  if (!confirm) throw new Error("no confirmation email for the fuzzer's pending petition");
  const signatureId = pathOf(linkIn(confirm, /\/verify\?token=/)).split("/")[2] ?? "";
  return {
    open: open.id,
    staffOpen: staffOpen.id,
    pending: pending.id,
    sponsorToken: new URL(pending.sponsorLink).searchParams.get("token") ?? "",
    signatureId,
    moderator: await signStaffToken(service.baseUrl, { roles: ["moderator"], sub: "fuzz-moderator" }),
    sysadmin: await signStaffToken(service.baseUrl, { roles: ["sysadmin"], sub: "fuzz-sysadmin" }),
  };
}

function caseArbitrary(fx: Fixtures, mode: Mode): fc.Arbitrary<Case> {
  const missing = ROUTES.filter((r) => !generators[r.key]);
  if (missing.length > 0) throw new Error(`no fuzz generator for ${missing.map((r) => r.key).join(", ")}`);
  return fc.constantFrom(...ROUTES).chain(({ key, route }) =>
    seeded.chain((s) =>
      fc
        .tuple(
          (generators[key] as Generator)(fx, mode, s),
          fc.constantFrom("application/json", "text/html", "*/*", "", "application/json;q=0.1, text/html"),
        )
        .map(([parts, accept]): Case => {
          const headers: Record<string, string> = {};
          if (accept) headers.accept = accept;
          if (parts.body?.contentType) headers["content-type"] = parts.body.contentType;
          if (parts.cookies?.length) headers.cookie = parts.cookies.join("; ");
          if (parts.token) headers.authorization = `Bearer ${parts.token}`;
          return {
            route: key,
            method: route.method,
            path: parts.path,
            query: parts.query ?? "",
            headers,
            ip: s.ip,
            ...(parts.body?.text !== undefined ? { body: parts.body.text } : {}),
            marker: s.marker,
            postcode: s.postcode,
          };
        }),
    ),
  );
}

const describeCase = (c: Case) =>
  `${c.method} ${c.path}${c.query ? `?${c.query.slice(0, 200)}` : ""} [${c.headers["content-type"] ?? "no type"}] ${(c.body ?? "").slice(0, 200)}`;

export async function runFuzz(service: LocalService, options: FuzzOptions): Promise<FuzzResult> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 16;
  const started = Date.now();
  const fx = await prepare(service);
  const result: FuzzResult = {
    cases: 0,
    seconds: 0,
    byStatusClass: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 },
    byRoute: {},
    statuses: {},
    serverErrors: 0,
    transportResets: 0,
    writesFromRefusals: 0,
    leaks: 0,
    refusalsChecked: 0,
    phasesChecked: 0,
    phasesUnchecked: 0,
    findings: [],
  };
  const note = (finding: Finding) => {
    if (result.findings.filter((f) => f.kind === finding.kind).length < 5) result.findings.push(finding);
  };

  const send = async (c: Case) => {
    const url = `${service.baseUrl}${c.path}${c.query ? `?${c.query}` : ""}`;
    let status = 0;
    let text = "";
    let contentType = "";
    let location: string | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const response = await fetchFrom(c.ip, url, {
          method: c.method,
          headers: c.headers,
          ...(c.body !== undefined ? { body: Buffer.from(c.body, "utf8") } : {}),
        });
        status = response.status;
        contentType = response.headers.get("content-type") ?? "";
        location = response.headers.get("location");
        text = await response.text();
        if (attempt > 0) result.transportResets += 1;
        break;
      } catch (error) {
        // A refused connection or a reset that happens again is as bad as a 5xx.
        status = 599;
        const cause =
          (error as { cause?: { code?: string; message?: string } }).cause ??
          (error as { code?: string; message?: string });
        text = `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause.code ?? cause.message})` : ""}`;
        if (cause?.code !== "ECONNRESET") break;
      }
    }
    result.cases += 1;
    result.byRoute[c.route] = (result.byRoute[c.route] ?? 0) + 1;
    const statuses = result.statuses[c.route] ?? {};
    result.statuses[c.route] = statuses;
    statuses[status] = (statuses[status] ?? 0) + 1;
    const cls = `${Math.min(5, Math.floor(status / 100))}xx` as keyof FuzzResult["byStatusClass"];
    result.byStatusClass[cls] = (result.byStatusClass[cls] ?? 0) + 1;
    if (status >= 500) {
      result.serverErrors += 1;
      note({
        kind: "server_error",
        route: c.route,
        request: describeCase(c),
        status,
        detail: text.slice(0, 300),
      });
    }
    const leaks = leaksIn(c, contentType, text);
    if (leaks.length > 0) {
      result.leaks += 1;
      note({ kind: "leak", route: c.route, request: describeCase(c), status, detail: leaks.join(", ") });
    }
    return { status, wrote: mayHaveWritten(c, status, location) };
  };

  const runPhase = async (mode: Mode, runs: number, seed: number) => {
    const batches = Math.max(1, Math.ceil(runs / concurrency));
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArbitrary(fx, mode), { minLength: concurrency, maxLength: concurrency }),
        async (batch) => {
          const answers = await Promise.all(batch.map(send));
          for (const a of answers) {
            if (a.wrote) accepted += 1;
            else if (a.status >= 400) refused += 1;
          }
        },
      ),
      { numRuns: batches, seed, endOnFailure: true },
    );
    return { accepted, refused };
  };

  // Refusal phases of ~1,000 cases between open phases of ~250: 4/5 of the cases are refusals.
  const phases = Math.min(20, Math.max(1, Math.round(options.runs / 1250)));
  const perPhase = Math.ceil(options.runs / phases);
  const refusedPerPhase = Math.round(perPhase * 0.8);
  for (let phase = 0; phase < phases; phase++) {
    await service.drain();
    const before = JSON.stringify(stateOf(await service.tableSnapshot()));
    const { accepted, refused } = await runPhase("refuse", refusedPerPhase, options.seed + phase * 2);
    await service.drain();
    const after = stateOf(await service.tableSnapshot());
    if (accepted > 0) {
      result.phasesUnchecked += 1;
    } else {
      result.phasesChecked += 1;
      result.refusalsChecked += refused;
      if (JSON.stringify(after) !== before) {
        const old = new Set((JSON.parse(before) as Record<string, unknown>[]).map((i) => JSON.stringify(i)));
        const changed = after.filter((i) => !old.has(JSON.stringify(i)));
        result.writesFromRefusals += Math.max(1, changed.length);
        note({
          kind: "write_from_refusal",
          route: "(a refusal phase)",
          request: `phase ${phase}, seed ${options.seed + phase * 2}`,
          detail: changed
            .slice(0, 3)
            .map((i) => `${String(i.PK)} ${String(i.SK)}`)
            .join("; "),
        });
      }
    }
    await runPhase("open", perPhase - refusedPerPhase, options.seed + phase * 2 + 1);
    log(`fuzz: phase ${phase + 1}/${phases}, ${result.cases} cases, ${result.serverErrors} 5xx`);
  }
  await service.drain();
  await removeOwnBlocks(service, fx.sysadmin);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Lifts the blocks the fuzzer added, so later tests see the lists as they were. */
async function removeOwnBlocks(service: LocalService, token: string): Promise<void> {
  const answer = await service.get<unknown>("/admin/blocks", { token });
  const text = JSON.stringify(answer.body);
  const values = new Set(
    [...text.matchAll(/"(203\.0\.113\.\d+|fzq[0-9a-f]{8}(?:\.invalid|@fuzz\.invalid))"/g)].map(
      (m) => m[1] ?? "",
    ),
  );
  for (const value of values) {
    const kind = value.includes("@") ? "email" : value.startsWith("fzq") ? "domain" : "ip";
    await service.call("DELETE", `/admin/blocks?kind=${kind}&value=${encodeURIComponent(value)}`, { token });
  }
}
