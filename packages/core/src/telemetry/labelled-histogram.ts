import type { Registry } from "prom-client";
import { createSeriesTable } from "./series-table.js";

/** One histogram series (one label set). */
export interface HistogramSeries {
  /** counts a finite value; throws like prom-client on anything else */
  observe(value: number): void;
}

export interface LabelledHistogramConfig<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** upper bounds, ascending */
  buckets: readonly number[];
  registers: readonly Registry[];
}

/**
 * A Prometheus histogram with labels, registered on prom-client registries as a metric of its own. Exposition
 * (text, JSON, cluster aggregation) stays prom-client's; only the counting is done here, in plain arrays.
 */
export interface LabelledHistogram<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly type: "histogram";
  readonly aggregator: "sum";
  /** the series of a label set, made on first use; the same object for the same label values every time */
  series(labels: Readonly<Record<L, string>>): HistogramSeries;
  /** the same as `series` (prom-client's name for a labelled child) */
  labels(labels: Readonly<Record<L, string>>): HistogramSeries;
  observe(labels: Readonly<Record<L, string>>, value: number): void;
  /** forgets every observation; series already handed out keep counting, from zero */
  reset(): void;
  /** prom-client's shape for the text exposition (series labels as `sharedLabels`) */
  getForPromString(): Promise<ExportedHistogram<ExportedValue>>;
  /** prom-client's shape for JSON and aggregation (series labels merged into each value's) */
  get(): Promise<ExportedHistogram<Omit<ExportedValue, "sharedLabels">>>;
}

/** What prom-client's registries read from a metric. */
export interface ExportedHistogram<V> {
  name: string;
  help: string;
  type: "histogram";
  values: V[];
  aggregator: "sum";
}

/** One exposed line: a bucket (`le`), the sum or the count of one series. */
export interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Readonly<Record<string, string>>;
  value: number;
  metricName: string;
  exemplar?: null | undefined;
}

class Series implements HistogramSeries {
  /** observations per bucket (not cumulative); past the last bound only `count` counts them (+Inf) */
  readonly buckets: Float64Array;
  sum = 0;
  count = 0;
  exposed = false;

  constructor(
    readonly labels: Readonly<Record<string, string>>,
    private readonly bounds: readonly number[],
    private readonly exposedOrder: Series[],
  ) {
    this.buckets = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { bounds } = this;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index++;
    if (index < bounds.length) this.buckets[index]! += 1;
    this.sum += value;
    this.count += 1;
    this.expose();
  }

  expose(): void {
    if (!this.exposed) {
      this.exposed = true;
      this.exposedOrder.push(this);
    }
  }

  clear(): void {
    this.buckets.fill(0);
    this.sum = 0;
    this.count = 0;
    this.exposed = false;
  }
}

/**
 * A histogram whose observation is a bucket search and three additions. prom-client's hashes and checks the label
 * set on every observation, a child's included (some 0.4 µs warm, several µs on a loaded gateway, where each call
 * meets those paths cold); a gateway holds its series (`series(labels)`) and observes on them. The exposition is
 * prom-client's own histogram's, value for value: cumulative `_bucket` lines with `le`, then `+Inf`, `_sum` and
 * `_count`, series in the order of their first observation, none for a label set never observed.
 *
 * @example
 * const duration = createLabelledHistogram({ name: "duration_seconds", help: "...", labelNames: ["operation"], buckets: [0.1, 1], registers: [registry] });
 * const converse = duration.series({ operation: "Converse" });
 * converse.observe(0.25);
 */
export function createLabelledHistogram<L extends string>(config: LabelledHistogramConfig<L>): LabelledHistogram<L> {
  const bounds = [...config.buckets];
  checkConfig(config, bounds);
  const exposedOrder: Series[] = [];
  const table = createSeriesTable(config.labelNames, (labels) => new Series(labels, bounds, exposedOrder));
  const bucketName = `${config.name}_bucket`;
  const series = (labels: Readonly<Record<L, string>>): Series => table.get(labels);

  const exportValues = (): ExportedValue[] => {
    const values: ExportedValue[] = [];
    for (const entry of exposedOrder) {
      let cumulative = 0;
      for (let index = 0; index < bounds.length; index++) {
        cumulative += entry.buckets[index]!;
        values.push({ labels: { le: bounds[index]! }, sharedLabels: entry.labels, value: cumulative, metricName: bucketName, exemplar: null });
      }
      values.push(
        { labels: { le: "+Inf" }, sharedLabels: entry.labels, value: entry.count, metricName: bucketName, exemplar: null },
        { labels: {}, sharedLabels: entry.labels, value: entry.sum, metricName: `${config.name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels: entry.labels, value: entry.count, metricName: `${config.name}_count`, exemplar: undefined },
      );
    }
    return values;
  };

  const histogram: LabelledHistogram<L> = {
    name: config.name,
    help: config.help,
    type: "histogram",
    aggregator: "sum",
    series,
    labels: series,
    observe: (labels, value) => series(labels).observe(value),
    reset() {
      for (const entry of table.values()) entry.clear();
      // series hold the list they join on their first observation: give them an empty one, in place
      exposedOrder.length = 0;
    },
    async getForPromString() {
      return { name: config.name, help: config.help, type: "histogram", values: exportValues(), aggregator: "sum" };
    },
    async get() {
      const values = exportValues().map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } }));
      return { name: config.name, help: config.help, type: "histogram", values, aggregator: "sum" };
    },
  };
  // prom-client's registries take any object with a name, get() and reset(); its own metric classes are not needed
  for (const registry of config.registers) registry.registerMetric(histogram as unknown as Parameters<Registry["registerMetric"]>[0]);
  // as prom-client does, a histogram without labels shows its zero series from the start
  if (config.labelNames.length === 0) series({} as Record<L, string>).expose();
  return histogram;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** prom-client's checks on a metric (names, the reserved `le`), plus buckets strictly ascending */
function checkConfig(config: LabelledHistogramConfig<string>, bounds: readonly number[]): void {
  if (!METRIC_NAME.test(config.name)) throw new Error(`Invalid metric name: ${config.name}`);
  for (const name of config.labelNames) {
    if (name === "le") throw new Error("le is a reserved label keyword");
    if (!LABEL_NAME.test(name)) throw new Error(`Invalid label name: ${name}`);
  }
  bounds.forEach((bound, index) => {
    if (Number.isNaN(bound) || (index > 0 && !(bound > bounds[index - 1]!))) throw new Error(`Histogram buckets must be strictly ascending, got ${bounds.join(", ")}`);
  });
}
