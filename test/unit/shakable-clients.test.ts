/** The rewrite that lets esbuild tree-shake an SDK client's schemas (infra/aws/shakable-clients.ts). */
import { describe, expect, it } from "vitest";
import { literalKeys } from "../../infra/aws/shakable-clients.ts";
import { sdkClientsIn } from "../bench/sdk-probe.ts";

describe("literalKeys", () => {
  it("writes a computed key that names a top-level string constant as that string", () => {
    const source = [
      'const _h = "http";',
      'const _hQ = "httpQuery";',
      'export var SendEmail$ = [9, n0, _SE, { [_h]: ["POST", "/v2/email/outbound-emails", 200] }, () => A$];',
      "export var List$ = [3, n0, _L, 0, [_NT], [[0, { [_hQ]: _NT }]]];",
    ].join("\n");
    expect(literalKeys(source)).toBe(
      [
        'const _h = "http";',
        'const _hQ = "httpQuery";',
        'export var SendEmail$ = [9, n0, _SE, { "http": ["POST", "/v2/email/outbound-emails", 200] }, () => A$];',
        'export var List$ = [3, n0, _L, 0, [_NT], [[0, { "httpQuery": _NT }]]];',
      ].join("\n"),
    );
  });

  it("leaves a key that names anything but a top-level string constant", () => {
    const source = [
      "const _n = 5;",
      'let _l = "let";',
      '  const _i = "indented";',
      "export var A$ = { [_n]: 1, [_l]: 2, [_i]: 3, [_u]: 4 };",
    ].join("\n");
    expect(literalKeys(source)).toBe(source);
  });

  it("leaves __proto__ computed: as a literal key it would set the prototype instead", () => {
    const source = 'const _p = "__proto__";\nexport var A$ = { [_p]: [] };';
    expect(literalKeys(source)).toBe(source);
    // The difference it guards: the computed key defines an own property.
    const _p = "__proto__";
    expect(Object.keys({ [_p]: [] })).toEqual(["__proto__"]);
    expect(Object.keys({ __proto__: [] })).toEqual([]);
  });
});

describe("the SDK probe's reading of a bundle's inputs", () => {
  it("knows a shakable client's copy as its package", () => {
    expect(
      sdkClientsIn([
        "node_modules/.cache/petitions/@aws-sdk+client-sesv2@3.1176.0-5920af59c0a1/dist-es/SESv2Client.js",
        "node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js",
        "node_modules/@aws-sdk/core/dist-es/index.js",
      ]),
    ).toEqual(["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/client-sesv2"]);
  });
});
