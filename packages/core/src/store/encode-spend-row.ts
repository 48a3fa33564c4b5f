import type { UsageSource } from "../usage/types.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendLogsTable } from "./spend-table.js";

/** Columns per spend row, for sizing multi-row inserts under a dialect's parameter limit. */
export const SPEND_COLUMN_COUNT = 34;

/**
 * Turns a record into a `spend_logs` row. Values a database would refuse (NaN, ±Infinity, NUL characters, which
 * PostgreSQL rejects in text) are made storable here: one malformed row must never block the writer's queue.
 *
 * @example
 * encodeSpendRow(record).start_time // record.startTime.getTime()
 */
export function encodeSpendRow(record: SpendRecord): SpendLogsTable {
  return {
    request_id: toText(record.requestId),
    start_time: toEpochMs(record.startTime),
    end_time: toEpochMs(record.endTime),
    time_to_first_byte_ms: toOptionalNumber(record.timeToFirstByteMs),
    upstream_latency_ms: toOptionalNumber(record.upstreamLatencyMs),
    gateway_overhead_ms: toOptionalNumber(record.gatewayOverheadMs),
    key_hash: toOptionalText(record.keyHash),
    key_alias: toOptionalText(record.keyAlias),
    user_id: toOptionalText(record.userId),
    team_id: toOptionalText(record.teamId),
    end_user: toOptionalText(record.endUser),
    session_id: toOptionalText(record.sessionId),
    tags: JSON.stringify(record.tags.map(toText)),
    route_kind: record.routeKind,
    operation: toText(record.operation),
    model_group: toOptionalText(record.modelGroup),
    deployment_id: toOptionalText(record.deploymentId),
    region: toOptionalText(record.region),
    model_id: toOptionalText(record.modelId),
    input_tokens: toCount(record.inputTokens),
    output_tokens: toCount(record.outputTokens),
    cache_read_input_tokens: toCount(record.cacheReadInputTokens),
    cache_write_input_tokens: toCount(record.cacheWriteInputTokens),
    total_tokens: toCount(record.totalTokens),
    guardrail_units: record.guardrailUnits ? toText(JSON.stringify(record.guardrailUnits)) : null,
    cost: toOptionalNumber(record.cost ?? undefined),
    unpriced: record.unpriced ? 1 : 0,
    unpriced_reason: toOptionalText(record.unpricedReason),
    usage_source: record.usageSource,
    status: toCount(record.status),
    error_type: toOptionalText(record.errorType),
    streamed: record.streamed ? 1 : 0,
    partial: record.partial ? 1 : 0,
    attempts: toCount(record.attempts),
  };
}

/**
 * Turns a `spend_logs` row back into a record; absent optional fields stay absent.
 *
 * @example
 * decodeSpendRow(encodeSpendRow(record)) // equal to record
 */
export function decodeSpendRow(row: SpendLogsTable): SpendRecord {
  const record: SpendRecord = {
    requestId: row.request_id,
    startTime: new Date(Number(row.start_time)),
    endTime: new Date(Number(row.end_time)),
    tags: readJson<string[]>(row.tags) ?? [],
    routeKind: row.route_kind as SpendRecord["routeKind"],
    operation: row.operation,
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    cacheReadInputTokens: Number(row.cache_read_input_tokens),
    cacheWriteInputTokens: Number(row.cache_write_input_tokens),
    totalTokens: Number(row.total_tokens),
    cost: row.cost === null ? null : Number(row.cost),
    unpriced: Number(row.unpriced) === 1,
    usageSource: row.usage_source as UsageSource,
    status: Number(row.status),
    streamed: Number(row.streamed) === 1,
    partial: Number(row.partial) === 1,
    attempts: Number(row.attempts),
  };
  const numbers = { timeToFirstByteMs: row.time_to_first_byte_ms, upstreamLatencyMs: row.upstream_latency_ms, gatewayOverheadMs: row.gateway_overhead_ms };
  for (const [field, value] of Object.entries(numbers)) {
    if (value !== null) Object.assign(record, { [field]: Number(value) });
  }
  const texts = {
    keyHash: row.key_hash,
    keyAlias: row.key_alias,
    userId: row.user_id,
    teamId: row.team_id,
    endUser: row.end_user,
    sessionId: row.session_id,
    modelGroup: row.model_group,
    deploymentId: row.deployment_id,
    region: row.region,
    modelId: row.model_id,
    unpricedReason: row.unpriced_reason,
    errorType: row.error_type,
  };
  for (const [field, value] of Object.entries(texts)) {
    if (value !== null) Object.assign(record, { [field]: value });
  }
  const units = row.guardrail_units === null ? undefined : readJson<Record<string, number>>(row.guardrail_units);
  if (units) record.guardrailUnits = units;
  return record;
}

function toEpochMs(date: Date): number {
  const ms = date.getTime();
  return Number.isFinite(ms) ? ms : 0;
}

function toCount(value: number): number {
  return Number.isFinite(value) ? Math.round(value) : 0;
}

function toOptionalNumber(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function toText(value: string): string {
  return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
}

function toOptionalText(value: string | undefined): string | null {
  return value === undefined ? null : toText(value);
}

function readJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
