import { describe, expect, it } from "vitest";
import { makeSpendRecord } from "../store/fixtures/spend-records.js";
import type { SpendRecord } from "../store/spend-record.js";
import { createCallMetrics } from "./create-call-metrics.js";
import { createLogger, withoutRedaction } from "./create-logger.js";
import { createMetrics } from "./create-metrics.js";
import type { GatewayMetrics } from "./create-metrics.js";

/** The per-request series as the recorder used to write them: a label object per call. */
function observeDirectly(metrics: GatewayMetrics, record: SpendRecord, totalMs: number, ttfbMs: number | undefined, overheadMs: number): void {
  const modelGroup = record.modelGroup ?? record.modelId ?? "none";
  const keyAlias = record.keyAlias ?? "none";
  metrics.requests.inc({ route: record.routeKind, operation: record.operation, model_group: modelGroup, status_class: `${Math.floor(record.status / 100)}xx` });
  if (record.errorType) metrics.errors.inc({ operation: record.operation, error_type: record.errorType });
  metrics.duration.observe({ operation: record.operation, model_group: modelGroup }, totalMs / 1000);
  if (ttfbMs !== undefined) metrics.timeToFirstByte.observe({ operation: record.operation, model_group: modelGroup }, ttfbMs / 1000);
  metrics.overhead.observe({ operation: record.operation }, overheadMs / 1000);
  for (const [kind, count] of [
    ["input", record.inputTokens],
    ["output", record.outputTokens],
    ["cache_read", record.cacheReadInputTokens],
    ["cache_write", record.cacheWriteInputTokens],
  ] as const) {
    if (count > 0) metrics.tokens.inc({ model_group: modelGroup, key_alias: keyAlias, kind }, count);
  }
  if (record.cost !== null && record.cost > 0) metrics.cost.inc({ model_group: modelGroup, key_alias: keyAlias }, record.cost);
  if (record.unpriced && record.status < 400) metrics.unpriced.inc({ model_group: modelGroup, reason: record.usageSource === "none" ? "no-usage" : "no-price" });
  if (record.partial) metrics.partial.inc({ operation: record.operation });
}

/** A mix of calls: groups, model ids, keys, errors, unpriced, partial, free. */
function records(count: number): SpendRecord[] {
  return Array.from({ length: count }, (_, i) =>
    makeSpendRecord({
      requestId: `r${i}`,
      operation: ["Converse", "ConverseStream", "InvokeModel"][i % 3]!,
      routeKind: i % 7 === 0 ? "gateway" : "bedrock-runtime",
      modelGroup: i % 5 === 0 ? undefined : `group-${i % 4}`,
      modelId: i % 10 === 0 ? undefined : `model-${i % 3}`,
      keyAlias: i % 6 === 0 ? undefined : `key-${i % 5}`,
      status: [200, 200, 400, 429, 500, 503, 200][i % 7]!,
      errorType: i % 7 >= 2 && i % 7 <= 5 ? `Error${i % 7}` : undefined,
      inputTokens: i % 4,
      outputTokens: (i * 3) % 5,
      cacheReadInputTokens: i % 9 === 0 ? 7 : 0,
      cacheWriteInputTokens: i % 11 === 0 ? 5 : 0,
      cost: i % 8 === 0 ? null : i % 13 === 0 ? 0 : i / 1000,
      unpriced: i % 8 === 0,
      usageSource: i % 16 === 0 ? "none" : "body",
      partial: i % 9 === 0,
    }),
  );
}

describe("createCallMetrics", () => {
  it("writes exactly the series, values and order of a label object per call", async () => {
    const cached = createMetrics();
    const direct = createMetrics();
    const callMetrics = createCallMetrics(cached);
    for (const [i, record] of records(400).entries()) {
      const ttfb = i % 3 === 0 ? undefined : i * 0.7;
      callMetrics.observe(record, i * 1.5, ttfb, i * 0.01);
      observeDirectly(direct, record, i * 1.5, ttfb, i * 0.01);
    }
    expect(await cached.registry.metrics()).toBe(await direct.registry.metrics());
  });

  it("keeps counting right when it has to forget label sets (a flood of distinct values)", async () => {
    const cached = createMetrics();
    const direct = createMetrics();
    const callMetrics = createCallMetrics(cached);
    for (let i = 0; i < 2500; i++) {
      const record = makeSpendRecord({ requestId: `r${i}`, modelGroup: `g${i % 1200}`, keyAlias: `k${i % 1100}`, inputTokens: 1, cost: 0.5 });
      callMetrics.observe(record, 10, 5, 1);
      observeDirectly(direct, record, 10, 5, 1);
    }
    expect(await cached.registry.metrics()).toBe(await direct.registry.metrics());
  });

  it("keeps counting after the metrics are reset", async () => {
    const metrics = createMetrics();
    const callMetrics = createCallMetrics(metrics);
    const record = makeSpendRecord({ requestId: "r-reset", modelGroup: "claude", status: 200 });
    callMetrics.observe(record, 10, undefined, 1);
    metrics.requests.reset();
    callMetrics.observe(record, 10, undefined, 1);
    expect(await metrics.registry.getSingleMetricAsString("bedrock_gw_requests_total")).toContain('model_group="claude",status_class="2xx"} 1');
  });
});

describe("withoutRedaction", () => {
  it("writes to the same destination without redaction, and follows the logger's level", () => {
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    const plain = withoutRedaction(logger);
    plain.info({ apiKey: "visible" }, "plain");
    logger.info({ apiKey: "hidden" }, "redacted");
    logger.level = "warn";
    plain.info({ n: 1 }, "dropped");
    logger.level = "info";
    plain.info({ n: 2 }, "kept");
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>).map(({ time: _time, ...rest }) => rest)).toEqual([
      { level: 30, apiKey: "visible", msg: "plain" },
      { level: 30, apiKey: "[redacted]", msg: "redacted" },
      { level: 30, n: 2, msg: "kept" },
    ]);
  });
});
