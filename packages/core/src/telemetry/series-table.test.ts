import { describe, expect, it } from "vitest";
import { createSeriesTable } from "./series-table.js";

describe("createSeriesTable", () => {
  it("keys label sets the way prom-client does and makes each series once, from a copy", () => {
    const made: Array<Readonly<Record<string, string>>> = [];
    const table = createSeriesTable(["operation", "model_group"], (labels) => {
      made.push(labels);
      return { labels };
    });
    const labels = { operation: "Converse", model_group: "1" };
    const first = table.get(labels);
    labels.operation = "changed";
    expect(first.labels).toEqual({ operation: "Converse", model_group: "1" });
    expect(table.get({ model_group: 1, operation: "Converse" })).toBe(first);
    expect(table.get({ operation: "Converse" })).not.toBe(table.get({ operation: "Converse", model_group: "undefined" }));
    expect(table.find({ operation: "Converse", model_group: "1" })).toBe(first);
    expect(table.find({ operation: "Other", model_group: "1" })).toBeUndefined();
    expect(made).toHaveLength(3);
    expect([...table.values()]).toHaveLength(3);
  });

  it("refuses a label the metric does not have, in get and find alike", () => {
    const table = createSeriesTable(["operation"], (labels) => labels);
    expect(() => table.get({ operation: "Converse", region: "x" })).toThrow('Added label "region" is not included in initial labelset');
    expect(() => table.find({ region: "x" })).toThrow(/region/);
  });
});
