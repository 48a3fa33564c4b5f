import type { SpendRecord } from "../store/spend-record.js";
import type { GatewayMetrics } from "./create-metrics.js";
import { rememberBounded } from "../internal/remember-bounded.js";

/** What one finished call adds to the per-request metrics. */
export interface CallMetrics {
  /** counts the call in every per-request series; durations in ms, as measured */
  observe(record: SpendRecord, totalMs: number, ttfbMs: number | undefined, overheadMs: number): void;
}

interface Incrementer {
  inc(value?: number): void;
}

interface Observer {
  observe(value: number): void;
}

/** The series of one operation. */
interface OperationSeries {
  overhead: Observer;
  partial: Incrementer;
  errors: Map<string, Incrementer>;
  groups: Map<string, OperationGroupSeries>;
}

/** The series of one operation × model group. */
interface OperationGroupSeries {
  duration: Observer;
  timeToFirstByte: Observer;
  /** by route, then by status class (`Math.floor(status / 100)`) */
  requests: Map<string, Map<number, Incrementer>>;
}

/** The series of one model group, whatever the operation. */
interface GroupSeries {
  unpricedNoUsage: Incrementer;
  unpricedNoPrice: Incrementer;
  keys: Map<string, KeySeries>;
}

/** The series of one model group × key alias. */
interface KeySeries {
  input: Incrementer;
  output: Incrementer;
  cacheRead: Incrementer;
  cacheWrite: Incrementer;
  cost: Incrementer;
}

/** Label sets kept per map; past it the map starts over (the series stay in the metrics, only the shortcut goes). */
const MAX_CACHED = 1000;

/**
 * The per-request series of {@link GatewayMetrics} with each label set resolved once: counter cells and histogram
 * series are kept per label tuple in nested maps keyed by the label values, so a call builds no label objects and
 * no keys, and counts in plain numbers (prom-client is told at scrape time). The series, names and values are
 * those of calling the metrics with label objects, in the same order (a series appears on its first increment or
 * observation); a fractional counter (cost) may differ in its last digit (see createCounterCells).
 *
 * @example
 * const callMetrics = createCallMetrics(metrics);
 * callMetrics.observe(record, totalMs, ttfbMs, overheadMs);
 */
export function createCallMetrics(metrics: GatewayMetrics): CallMetrics {
  const operations = new Map<string, OperationSeries>();
  const groups = new Map<string, GroupSeries>();

  function operationSeries(operation: string): OperationSeries {
    let series = operations.get(operation);
    if (series === undefined) {
      series = { overhead: metrics.overhead.series({ operation }), partial: metrics.cells.partial.cell({ operation }), errors: new Map(), groups: new Map() };
      remember(operations, operation, series);
    }
    return series;
  }

  function operationGroupSeries(parent: OperationSeries, operation: string, modelGroup: string): OperationGroupSeries {
    let series = parent.groups.get(modelGroup);
    if (series === undefined) {
      const labels = { operation, model_group: modelGroup };
      series = { duration: metrics.duration.series(labels), timeToFirstByte: metrics.timeToFirstByte.series(labels), requests: new Map() };
      remember(parent.groups, modelGroup, series);
    }
    return series;
  }

  function requestCounter(parent: OperationGroupSeries, route: string, operation: string, modelGroup: string, status: number): Incrementer {
    let byClass = parent.requests.get(route);
    if (byClass === undefined) {
      byClass = new Map();
      remember(parent.requests, route, byClass);
    }
    const statusClass = Math.floor(status / 100);
    let counter = byClass.get(statusClass);
    if (counter === undefined) {
      counter = metrics.cells.requests.cell({ route, operation, model_group: modelGroup, status_class: `${statusClass}xx` });
      remember(byClass, statusClass, counter);
    }
    return counter;
  }

  function errorCounter(parent: OperationSeries, operation: string, errorType: string): Incrementer {
    let counter = parent.errors.get(errorType);
    if (counter === undefined) {
      counter = metrics.cells.errors.cell({ operation, error_type: errorType });
      remember(parent.errors, errorType, counter);
    }
    return counter;
  }

  function groupSeries(modelGroup: string): GroupSeries {
    let series = groups.get(modelGroup);
    if (series === undefined) {
      series = {
        unpricedNoUsage: metrics.cells.unpriced.cell({ model_group: modelGroup, reason: "no-usage" }),
        unpricedNoPrice: metrics.cells.unpriced.cell({ model_group: modelGroup, reason: "no-price" }),
        keys: new Map(),
      };
      remember(groups, modelGroup, series);
    }
    return series;
  }

  function keySeries(parent: GroupSeries, modelGroup: string, keyAlias: string): KeySeries {
    let series = parent.keys.get(keyAlias);
    if (series === undefined) {
      const tokens = (kind: string) => metrics.cells.tokens.cell({ model_group: modelGroup, key_alias: keyAlias, kind });
      series = {
        input: tokens("input"),
        output: tokens("output"),
        cacheRead: tokens("cache_read"),
        cacheWrite: tokens("cache_write"),
        cost: metrics.cells.cost.cell({ model_group: modelGroup, key_alias: keyAlias }),
      };
      remember(parent.keys, keyAlias, series);
    }
    return series;
  }

  return {
    observe(record, totalMs, ttfbMs, overheadMs) {
      const { operation } = record;
      const modelGroup = record.modelGroup ?? record.modelId ?? "none";
      const byOperation = operationSeries(operation);
      const byOperationGroup = operationGroupSeries(byOperation, operation, modelGroup);
      requestCounter(byOperationGroup, record.routeKind, operation, modelGroup, record.status).inc();
      if (record.errorType) errorCounter(byOperation, operation, record.errorType).inc();
      byOperationGroup.duration.observe(totalMs / 1000);
      if (ttfbMs !== undefined) byOperationGroup.timeToFirstByte.observe(ttfbMs / 1000);
      byOperation.overhead.observe(overheadMs / 1000);
      const { inputTokens, outputTokens, cacheReadInputTokens, cacheWriteInputTokens, cost } = record;
      const costed = cost !== null && cost > 0;
      if (inputTokens > 0 || outputTokens > 0 || cacheReadInputTokens > 0 || cacheWriteInputTokens > 0 || costed) {
        const byKey = keySeries(groupSeries(modelGroup), modelGroup, record.keyAlias ?? "none");
        if (inputTokens > 0) byKey.input.inc(inputTokens);
        if (outputTokens > 0) byKey.output.inc(outputTokens);
        if (cacheReadInputTokens > 0) byKey.cacheRead.inc(cacheReadInputTokens);
        if (cacheWriteInputTokens > 0) byKey.cacheWrite.inc(cacheWriteInputTokens);
        if (costed) byKey.cost.inc(cost);
      }
      if (record.unpriced && record.status < 400) {
        const group = groupSeries(modelGroup);
        (record.usageSource === "none" ? group.unpricedNoUsage : group.unpricedNoPrice).inc();
      }
      if (record.partial) byOperation.partial.inc();
    },
  };
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  rememberBounded(map, key, value, MAX_CACHED);
}
