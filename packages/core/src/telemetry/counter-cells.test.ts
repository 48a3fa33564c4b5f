import { Counter, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createCellCounter } from "./counter-cells.js";

type Label = "route" | "status";

/** the same counter twice: fed by cells, and incremented directly, each on a registry of its own */
function pair() {
  const cellsRegistry = new Registry();
  const directRegistry = new Registry();
  const config = { name: "calls_total", help: "Calls", labelNames: ["route", "status"] as Label[] };
  const { counter, cells } = createCellCounter<Label>({ ...config, registers: [cellsRegistry] });
  const direct = new Counter<Label>({ ...config, registers: [directRegistry] });
  return { counter, cells, direct, cellsRegistry, directRegistry };
}

describe("createCellCounter", () => {
  it("exposes exactly what incrementing the counter directly does, scrape after scrape", async () => {
    const { cells, direct, cellsRegistry, directRegistry } = pair();
    const routes = ["bedrock-runtime", "gateway", "we\"ird\\route\n"];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 50; i++) {
        const labels = { route: routes[(i * 7 + round) % routes.length]!, status: `${2 + (i % 4)}xx` };
        const amount = i % 5 === 0 ? 0.25 * i : 1;
        cells.cell(labels).inc(amount);
        direct.inc(labels, amount);
      }
      expect(await cellsRegistry.metrics()).toBe(await directRegistry.metrics());
      expect(await cellsRegistry.getMetricsAsJSON()).toEqual(await directRegistry.getMetricsAsJSON());
    }
  });

  it("shows series in the order of their first increment, makes a series on an increment of 0, and none for a cell never incremented", async () => {
    const { cells, direct, cellsRegistry, directRegistry } = pair();
    const never = cells.cell({ route: "never", status: "2xx" });
    const late = cells.cell({ route: "late", status: "2xx" });
    cells.cell({ route: "zero", status: "2xx" }).inc(0);
    direct.inc({ route: "zero", status: "2xx" }, 0);
    cells.cell({ route: "early", status: "2xx" }).inc();
    direct.inc({ route: "early", status: "2xx" });
    late.inc(3);
    direct.inc({ route: "late", status: "2xx" }, 3);
    expect(never).toBe(cells.cell({ status: "2xx", route: "never" }));
    const text = await cellsRegistry.metrics();
    expect(text).toBe(await directRegistry.metrics());
    expect(text).toContain('calls_total{route="zero",status="2xx"} 0');
    expect(text).not.toContain("never");
  });

  it("counts direct increments beside the cells, and a reset drops what is pending too", async () => {
    const { counter, cells, cellsRegistry } = pair();
    const cell = cells.cell({ route: "gateway", status: "2xx" });
    cell.inc(2);
    counter.inc({ route: "gateway", status: "2xx" }, 5);
    expect(await cellsRegistry.metrics()).toContain('calls_total{route="gateway",status="2xx"} 7');
    cell.inc(4);
    cellsRegistry.resetMetrics();
    expect(await cellsRegistry.metrics()).not.toContain('route="gateway"');
    cell.inc(1);
    expect(await cellsRegistry.metrics()).toContain('calls_total{route="gateway",status="2xx"} 1');
  });

  it("refuses at the call what prom-client would refuse at the scrape: a decrease, a value that is not a number, a label it does not have", async () => {
    const { cells, cellsRegistry } = pair();
    const cell = cells.cell({ route: "gateway", status: "2xx" });
    expect(() => cell.inc(-1)).toThrow(/decrease/);
    expect(() => cell.inc(Number.NaN)).toThrow(TypeError);
    expect(() => cell.inc(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => cells.cell({ route: "gateway", status: "2xx", region: "x" } as never)).toThrow(/region/);
    // nothing refused was kept, and the scrape still works
    expect(await cellsRegistry.metrics()).not.toContain('route="gateway"');
  });
});

describe("createCellCounter, edge cases", () => {
  it("drops a total prom-client refuses instead of failing the scrape, and keeps the other cells", async () => {
    const { cells, cellsRegistry } = pair();
    const huge = cells.cell({ route: "huge", status: "2xx" });
    huge.inc(Number.MAX_VALUE);
    huge.inc(Number.MAX_VALUE);
    cells.cell({ route: "fine", status: "2xx" }).inc(2);
    const text = await cellsRegistry.metrics();
    expect(text).toContain('calls_total{route="fine",status="2xx"} 2');
    expect(text).not.toContain('route="huge"');
    huge.inc(1);
    expect(await cellsRegistry.metrics()).toContain('calls_total{route="huge",status="2xx"} 1');
  });

  it("keeps its own copy of the labels, runs the caller's collect after folding, and refuses exemplars", async () => {
    const registry = new Registry();
    const { cells } = createCellCounter<"k">({
      name: "c_total",
      help: "c",
      labelNames: ["k"],
      registers: [registry],
      async collect() {
        this.inc({ k: "collected" });
      },
    });
    const labels = { k: "a" };
    const cell = cells.cell(labels);
    labels.k = "b";
    Object.assign(labels, { extra: "x" });
    cell.inc();
    // the cells first, then the caller's collect
    expect(await registry.metrics()).toContain('c_total{k="a"} 1\nc_total{k="collected"} 1');
    expect(() => createCellCounter({ name: "e_total", help: "e", labelNames: ["k"], enableExemplars: true, registers: [] })).toThrow(/exemplars/);
  });

  it("drops a label set's pending increments when its series is removed, by labels or by values", async () => {
    const { counter, cells, cellsRegistry } = pair();
    cells.cell({ route: "a", status: "2xx" }).inc(3);
    cells.cell({ route: "b", status: "2xx" }).inc(4);
    cells.cell({ route: "c", status: "2xx" }).inc(5);
    counter.remove({ route: "a", status: "2xx" });
    counter.remove("b", "2xx");
    const text = await cellsRegistry.metrics();
    expect(text).not.toContain('route="a"');
    expect(text).not.toContain('route="b"');
    expect(text).toContain('calls_total{route="c",status="2xx"} 5');
  });
});
