/** The small modules every feature shares: the worker pool, backoff, the HTML escaper, attribute updates. */
import { describe, expect, it } from "vitest";
import { setAttributes } from "../../shared/db/update.ts";
import { escapeHtml } from "../../shared/html.ts";
import { inParallel, pool } from "../../shared/pool.ts";
import { backoffMs, untilNoneLeft } from "../../shared/retry.ts";

describe("the worker pool", () => {
  it("keeps at most `limit` tasks in flight and answers in the tasks' order", async () => {
    let running = 0;
    let most = 0;
    const tasks = Array.from({ length: 20 }, (_, i) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      await Promise.resolve();
      running -= 1;
      return i * 2;
    });
    expect(await inParallel(tasks, 3)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(most).toBe(3);
  });

  it("reads a generator lazily and stops taking items once told", async () => {
    let produced = 0;
    function* items() {
      for (let i = 0; i < 1000; i++) {
        produced += 1;
        yield i;
      }
    }
    const seen: number[] = [];
    await pool(
      items(),
      2,
      async (item) => {
        seen.push(item);
      },
      () => seen.length < 10,
    );
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(produced).toBeLessThan(20);
  });
});

describe("backoff", () => {
  it("doubles from the base up to the cap, and jitters below it", () => {
    const backoff = { baseMs: 10, capMs: 100 };
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, backoff))).toEqual([
      10, 20, 40, 80, 100, 100,
    ]);
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(3, { ...backoff, jitter: "full" });
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(80);
    }
  });

  it("asks again for what is left until nothing is, and gives up after its attempts", async () => {
    const asked: number[][] = [];
    await untilNoneLeft(
      [1, 2, 3, 4],
      async (pending) => {
        asked.push([...pending]);
        return pending.slice(1);
      },
      { baseMs: 0, capMs: 0, maxAttempts: 9, exhausted: () => new Error("never") },
    );
    expect(asked).toEqual([[1, 2, 3, 4], [2, 3, 4], [3, 4], [4]]);
    await expect(
      untilNoneLeft([1], async (pending) => pending, {
        baseMs: 0,
        capMs: 0,
        maxAttempts: 3,
        exhausted: () => new Error("still left"),
      }),
    ).rejects.toThrow("still left");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and quoted attributes", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
  });
});

describe("setAttributes", () => {
  it("sets every attribute with escaped names", () => {
    expect(setAttributes("T", { PK: "A", SK: "B" }, { state: "ready", parts: 2 })).toEqual({
      TableName: "T",
      Key: { PK: "A", SK: "B" },
      UpdateExpression: "SET #a0 = :a0, #a1 = :a1",
      ExpressionAttributeNames: { "#a0": "state", "#a1": "parts" },
      ExpressionAttributeValues: { ":a0": "ready", ":a1": 2 },
    });
  });
});
