import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createLabelledHistogram } from "./labelled-histogram.js";

const BUCKETS = [0.001, 0.01, 0.1, 1, 10];

/** the same histogram twice: ours, and prom-client's own, each on a registry of its own */
function pair() {
  const oursRegistry = new Registry();
  const theirsRegistry = new Registry();
  const config = { name: "call_seconds", help: "Call time", labelNames: ["operation", "model_group"] as const, buckets: BUCKETS };
  const ours = createLabelledHistogram({ ...config, registers: [oursRegistry] });
  const theirs = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [theirsRegistry] });
  return { ours, theirs, oursRegistry, theirsRegistry };
}

/** values on, between, below and past the bounds, and a few label sets, in an order that interleaves them */
function observations(): Array<{ labels: { operation: string; model_group: string }; value: number }> {
  const values = [0, -1, 0.001, 0.0010001, 0.05, 0.1, 0.7, 1, 9.99, 10, 10.5, 1e6, 0.3333333333333333, 2.5];
  const labels = [
    { operation: "Converse", model_group: "claude" },
    { operation: "ConverseStream", model_group: "claude" },
    { operation: "Converse", model_group: "nova" },
    { operation: "Invoke\"Model\\n", model_group: "a\nb" },
  ];
  return Array.from({ length: 200 }, (_, i) => ({ labels: labels[(i * 7 + Math.floor(i / 3)) % labels.length]!, value: values[(i * 5) % values.length]! * (1 + i / 1000) }));
}

describe("createLabelledHistogram", () => {
  it("exposes exactly what prom-client's histogram does for the same observations (text and JSON)", async () => {
    const { ours, theirs, oursRegistry, theirsRegistry } = pair();
    // a series handed out but never observed shows nothing, as a prom-client child never observed does
    ours.series({ operation: "Unused", model_group: "none" });
    theirs.labels({ operation: "Unused", model_group: "none" });
    for (const { labels, value } of observations()) {
      ours.series(labels).observe(value);
      theirs.observe(labels, value);
    }
    expect(await oursRegistry.metrics()).toBe(await theirsRegistry.metrics());
    expect(await oursRegistry.getMetricsAsJSON()).toEqual(await theirsRegistry.getMetricsAsJSON());
    expect(await oursRegistry.metrics()).toContain('call_seconds_bucket{le="+Inf",operation="Converse",model_group="claude"}');
  });

  it("keeps series in the order of their first observation, not of their creation", async () => {
    const { ours, theirs, oursRegistry, theirsRegistry } = pair();
    const late = ours.series({ operation: "Late", model_group: "g" });
    const early = ours.series({ operation: "Early", model_group: "g" });
    early.observe(0.5);
    theirs.observe({ operation: "Early", model_group: "g" }, 0.5);
    late.observe(5);
    theirs.observe({ operation: "Late", model_group: "g" }, 5);
    expect(await oursRegistry.metrics()).toBe(await theirsRegistry.metrics());
  });

  it("hands out one series per label set, whatever the object", () => {
    const { ours } = pair();
    const first = ours.series({ operation: "Converse", model_group: "claude" });
    expect(ours.series({ model_group: "claude", operation: "Converse" })).toBe(first);
    expect(ours.series({ operation: "Converse", model_group: "nova" })).not.toBe(first);
  });

  it("after a reset shows nothing, and the series already handed out count again from zero", async () => {
    const { ours, theirs, oursRegistry, theirsRegistry } = pair();
    const series = ours.series({ operation: "Converse", model_group: "claude" });
    series.observe(0.5);
    theirs.observe({ operation: "Converse", model_group: "claude" }, 0.5);
    oursRegistry.resetMetrics();
    theirsRegistry.resetMetrics();
    expect(await oursRegistry.metrics()).toBe(await theirsRegistry.metrics());
    expect(await oursRegistry.metrics()).not.toContain("_bucket");
    series.observe(0.05);
    ours.observe({ operation: "Converse", model_group: "nova" }, 2);
    theirs.observe({ operation: "Converse", model_group: "claude" }, 0.05);
    theirs.observe({ operation: "Converse", model_group: "nova" }, 2);
    expect(await oursRegistry.metrics()).toBe(await theirsRegistry.metrics());
  });

  it("refuses what prom-client refuses: a value that is not a finite number, a label it does not have, le", () => {
    const { ours } = pair();
    const series = ours.series({ operation: "Converse", model_group: "claude" });
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
    expect(() => series.observe(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => ours.series({ operation: "Converse", model_group: "claude", region: "x" } as never)).toThrow(/region/);
    expect(() => createLabelledHistogram({ name: "x", help: "x", labelNames: ["le"], buckets: [1], registers: [] })).toThrow(/le is a reserved/);
  });
});

describe("createLabelledHistogram, edge cases", () => {
  it("shows a histogram without labels from the start, as prom-client does", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const config = { name: "plain_seconds", help: "Plain", labelNames: [] as string[], buckets: BUCKETS };
    const histogram = createLabelledHistogram({ ...config, registers: [ours] });
    new Histogram({ ...config, registers: [theirs] });
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain("plain_seconds_count 0");
    histogram.observe({}, 0.5);
    expect(await ours.metrics()).toContain("plain_seconds_count 1");
  });

  it("keys series by the values as prom-client does, keeps its own copy of the labels, and answers to labels()", async () => {
    const { ours, theirs, oursRegistry, theirsRegistry } = pair();
    const labels = { operation: "Converse", model_group: "1" };
    const series = ours.labels(labels);
    labels.model_group = "changed";
    series.observe(0.5);
    ours.observe({ operation: "Converse", model_group: 1 as unknown as string }, 0.25);
    theirs.observe({ operation: "Converse", model_group: "1" }, 0.5);
    theirs.observe({ operation: "Converse", model_group: 1 as unknown as string }, 0.25);
    expect(await oursRegistry.metrics()).toBe(await theirsRegistry.metrics());
    expect(await oursRegistry.getMetricsAsJSON()).toStrictEqual(await theirsRegistry.getMetricsAsJSON());
  });

  it("refuses names prom-client refuses and buckets that are not strictly ascending", () => {
    const base = { help: "x", buckets: [1], registers: [] };
    expect(() => createLabelledHistogram({ ...base, name: "bad name", labelNames: [] })).toThrow(/metric name/);
    expect(() => createLabelledHistogram({ ...base, name: "ok", labelNames: ["a-b"] })).toThrow(/label name/);
    expect(() => createLabelledHistogram({ ...base, name: "ok", labelNames: [], buckets: [1, 0.1] })).toThrow(/ascending/);
    expect(() => createLabelledHistogram({ ...base, name: "ok", labelNames: [], buckets: [1, 1] })).toThrow(/ascending/);
  });
});
