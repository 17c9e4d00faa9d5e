import { describe, expect, it } from "vitest";
import { writeIf } from "../../shared/db/conditional.ts";

const named = (name: string) => Object.assign(new Error(name), { name });

describe("writeIf", () => {
  it("answers true when the write was made", async () => {
    await expect(writeIf(async () => ({}))).resolves.toBe(true);
  });

  it("answers false when the write's condition did not hold", async () => {
    await expect(
      writeIf(async () => {
        throw named("ConditionalCheckFailedException");
      }),
    ).resolves.toBe(false);
  });

  it("throws any other failure", async () => {
    await expect(
      writeIf(async () => {
        throw named("ProvisionedThroughputExceededException");
      }),
    ).rejects.toThrow("ProvisionedThroughputExceededException");
  });
});
