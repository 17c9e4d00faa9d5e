/**
 * The hash key: a secret generated at deploy (never a value in the template), kept when the stack
 * goes, its ARN given to exactly the functions that hash personal data, each allowed to read it.
 */
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { topology } from "../../shared/topology.ts";
import { cleanupAssemblies, synthTemplate } from "../support/cdk.ts";

afterAll(cleanupAssemblies);

type Resource = { Type: string; Properties: Record<string, unknown>; [key: string]: unknown };

describe("the hash key secret", () => {
  let template: Template;
  let secretId: string;

  beforeAll(() => {
    template = synthTemplate().template;
    const secrets = template.findResources("AWS::SecretsManager::Secret", {
      Properties: { Description: Match.stringLikeRegexp("HMACs") },
    });
    secretId = Object.keys(secrets)[0] as string;
  });

  it("is generated at deploy and retained", () => {
    const secret = template.findResources("AWS::SecretsManager::Secret")[secretId] as Resource;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(secret.DeletionPolicy).toBe("Retain");
  });

  it("is named to, and readable by, exactly the functions that declare HASH_KEY_ARN", () => {
    const functions = Object.entries(template.findResources("AWS::Lambda::Function")) as [string, Resource][];
    const policies = Object.values(template.findResources("AWS::IAM::Policy")) as Resource[];
    const hashing = topology.filter((s) => s.settings.includes("HASH_KEY_ARN")).map((s) => s.name);
    expect(hashing).toEqual(expect.arrayContaining(["SignPetition", "CountSignatures"]));
    for (const spec of topology) {
      const entry = functions.find(([id]) => new RegExp(`^${spec.name}[0-9A-F]{8}$`).test(id));
      if (!entry) throw new Error(`no function for ${spec.name}`);
      const [, fn] = entry;
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
      const reads = policies.some(
        (p) =>
          JSON.stringify(p.Properties.Roles).includes(`"Ref":"${roleId}"`) &&
          JSON.stringify(p.Properties.PolicyDocument).includes("secretsmanager:GetSecretValue") &&
          JSON.stringify(p.Properties.PolicyDocument).includes(`"Ref":"${secretId}"`),
      );
      const declares = hashing.includes(spec.name);
      expect(env.HASH_KEY_ARN, spec.name).toEqual(declares ? { Ref: secretId } : undefined);
      expect(reads, spec.name).toBe(declares);
    }
  });
});
