/**
 * The EMF lines the functions write (shared/emf.ts): one line per publish with every stored
 * metric, an added dimension for that line only, CloudWatch's 100-value limit per metric kept by
 * publishing early, and off where POWERTOOLS_METRICS_DISABLED (or, unset, POWERTOOLS_DEV) says so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Metrics, MetricUnit } from "../../shared/emf.ts";

let lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const enabled = () => {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  return new Metrics({ namespace: "Petitions", serviceName: "petitions" });
};

describe("EMF metrics", () => {
  it("writes every stored metric in one line with the service dimension, then starts empty", () => {
    const metrics = enabled();
    metrics.addMetric("EmailSent", MetricUnit.Count, 1);
    metrics.addMetric("EmailSent", MetricUnit.Count, 1);
    metrics.addMetric("CountLagSeconds", MetricUnit.Seconds, 2.5);
    metrics.publishStoredMetrics();
    metrics.publishStoredMetrics();
    expect(lines).toEqual([
      {
        _aws: {
          Timestamp: expect.any(Number),
          CloudWatchMetrics: [
            {
              Namespace: "Petitions",
              Dimensions: [["service"]],
              Metrics: [
                { Name: "EmailSent", Unit: "Count" },
                { Name: "CountLagSeconds", Unit: "Seconds" },
              ],
            },
          ],
        },
        service: "petitions",
        EmailSent: [1, 1],
        CountLagSeconds: 2.5,
      },
    ]);
  });

  it("keeps an added dimension for the next line only", () => {
    const metrics = enabled();
    metrics.addDimension("sourceKind", "ip");
    metrics.addMetric("TrendingSource", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    metrics.addMetric("TrendingSourceNotified", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    const dimensions = lines.map(
      (line) =>
        (line._aws as { CloudWatchMetrics: { Dimensions: unknown }[] }).CloudWatchMetrics[0]?.Dimensions,
    );
    expect(dimensions).toEqual([[["service", "sourceKind"]], [["service"]]]);
    expect(lines[0]?.sourceKind).toBe("ip");
    expect(lines[1]).not.toHaveProperty("sourceKind");
  });

  it("publishes a metric when it reaches 100 values, CloudWatch's limit for one line", () => {
    const metrics = enabled();
    for (let i = 0; i < 101; i++) metrics.addMetric("EmailSent", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(lines.map((line) => line.EmailSent)).toEqual([Array(100).fill(1), 1]);
  });

  it("is off where POWERTOOLS_METRICS_DISABLED is true, or unset and POWERTOOLS_DEV is true", () => {
    for (const [disabled, dev] of [
      ["true", undefined],
      [undefined, "true"],
    ] as const) {
      vi.unstubAllEnvs();
      vi.stubEnv("POWERTOOLS_METRICS_DISABLED", disabled);
      vi.stubEnv("POWERTOOLS_DEV", dev);
      const metrics = new Metrics({ namespace: "Petitions", serviceName: "petitions" });
      metrics.addMetric("EmailSent", MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
    expect(lines).toEqual([]);
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const metrics = new Metrics({ namespace: "Petitions", serviceName: "petitions" });
    metrics.addMetric("EmailSent", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    expect(lines).toHaveLength(1);
  });
});
