import { Counter } from "prom-client";
import type { CounterConfiguration, LabelValues } from "prom-client";
import { createSeriesTable } from "./series-table.js";

/** One counter series: what it has been incremented by since the last scrape. */
export interface CounterCell {
  /**
   * adds `value` (default 1). Throws at once on what prom-client would refuse (a negative value, ±Infinity) or turn
   * the series into NaN with (NaN, null): a bad value fails its caller, never a scrape.
   */
  inc(value?: number): void;
}

/** The cells of one counter, by label set. */
export interface CounterCells<L extends string> {
  /** the cell of a label set, made on first use; the same object for the same label values every time */
  cell(labels: Readonly<Record<L, string>>): CounterCell;
  /**
   * hands every pending increment to `counter`, series in the order of their first increment, and starts over. A
   * total prom-client refuses (two increments adding up past the largest double) is dropped, not thrown: a scrape
   * never fails on a cell.
   */
  fold(counter: Counter<L>): void;
  /** drops the pending increments of one label set, or of all (the counter's series are being removed or reset) */
  discard(labels?: LabelValues<L>): void;
}

class Cell implements CounterCell {
  pending = 0;
  queued = false;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly queue: Cell[],
  ) {}

  inc(value = 1): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    if (value < 0) throw new Error("It is not possible to decrease a counter");
    if (!this.queued) {
      this.queued = true;
      this.queue.push(this);
    }
    this.pending += value;
  }
}

/**
 * A per-request counter kept in plain numbers: an increment adds to its cell, and the prom-client counter is told
 * when it is scraped (call `fold` from its `collect`). prom-client hashes and checks the label set on every
 * increment, a child's included: some 0.4 µs warm, and ten times that on a loaded gateway, where each call meets
 * those paths cold. The exposition has the same series, in the same order (the cells are folded in the order they
 * were first incremented; an increment of 0 makes the series too, as it does in prom-client), and the same totals:
 * only a fractional one (a cost) may differ in its last digit, since the increments between two scrapes are added
 * up before they are added to it. Increments made on the counter directly land at once, so mixing both on one
 * counter can order its series differently. `createCellCounter` wires both ends, reset and remove included.
 *
 * @example
 * const cells = createCounterCells<"route">(["route"]);
 * const counter = new Counter({ name: "requests_total", help: "...", labelNames: ["route"], collect() { cells.fold(this); } });
 * cells.cell({ route: "bedrock-runtime" }).inc(); // counted in `counter` once it is collected
 */
export function createCounterCells<L extends string>(labelNames: readonly L[]): CounterCells<L> {
  const queue: Cell[] = [];
  const cells = createSeriesTable(labelNames, (labels) => new Cell(labels, queue));
  const unqueue = (cell: Cell): void => {
    cell.pending = 0;
    cell.queued = false;
  };
  return {
    // the label set is checked here, not when folded: a bad one must fail its caller, never a scrape
    cell: (labels) => cells.get(labels),
    fold(counter) {
      // taken whole first, so a cell that fails cannot leave the others queued
      const batch = queue.splice(0);
      for (const cell of batch) {
        const value = cell.pending;
        unqueue(cell);
        try {
          counter.inc(cell.labels as Partial<Record<L, string>>, value);
        } catch {
          // only a total past the largest double gets here (every increment was checked): dropped
        }
      }
    },
    discard(labels) {
      if (labels === undefined) {
        for (const cell of queue.splice(0)) unqueue(cell);
        return;
      }
      const cell = cells.find(labels);
      if (cell?.queued !== true) return;
      unqueue(cell);
      queue.splice(queue.indexOf(cell), 1);
    },
  };
}

/**
 * A prom-client counter fed by cells: they are folded into it whenever it is collected (scrapes, JSON, cluster
 * aggregation), before a `collect` of the caller's own; its `reset()` and `remove()` drop what the cells hold too.
 * Exemplars are not supported (prom-client's `inc` then takes another shape).
 *
 * @example
 * const { counter, cells } = createCellCounter({ name: "requests_total", help: "...", labelNames: ["route"], registers: [registry] });
 * cells.cell({ route: "bedrock-runtime" }).inc();
 */
export function createCellCounter<L extends string>(configuration: CounterConfiguration<L> & { labelNames: readonly L[] }): {
  counter: Counter<L>;
  cells: CounterCells<L>;
} {
  if (configuration.enableExemplars === true) throw new Error("createCellCounter does not support exemplars");
  const cells = createCounterCells(configuration.labelNames);
  const own = configuration.collect;
  const counter: Counter<L> = new CellCounter<L>(
    {
      ...configuration,
      collect(this: Counter<L>): void | Promise<void> {
        cells.fold(counter);
        return own?.call(this);
      },
    },
    cells,
  );
  return { counter, cells };
}

class CellCounter<L extends string> extends Counter<L> {
  private readonly names: readonly L[];

  constructor(
    configuration: CounterConfiguration<L> & { labelNames: readonly L[] },
    private readonly cells: CounterCells<L>,
  ) {
    super(configuration);
    this.names = configuration.labelNames;
  }

  override reset(): void {
    // prom-client's constructor resets once before the cells are attached
    this.cells?.discard();
    super.reset();
  }

  override remove(labels: LabelValues<L>): void;
  override remove(...values: string[]): void;
  override remove(...values: [LabelValues<L>] | string[]): void {
    // prom-client takes a labels object or the values in label-name order
    const [first] = values;
    const labels =
      typeof first === "object" ? first : (Object.fromEntries(this.names.map((name, index) => [name, values[index]])) as LabelValues<L>);
    this.cells.discard(labels);
    super.remove(...(values as string[]));
  }
}
