import type { SpendRecord } from "./spend-record.js";

/**
 * A `/spend/logs` row: LiteLLM's `LiteLLM_SpendLogs` field names first (its defaults: "" for absent text, 0 spend
 * when unpriced), then ours (null when absent).
 */
export interface SpendLogRow {
  request_id: string;
  /** SHA-256 hex of the key, "" without one */
  api_key: string;
  /** the model id sent upstream */
  model: string;
  model_group: string;
  /** USD; 0 when unpriced (see `unpriced`) */
  spend: number;
  /** all input tokens: uncached + cache read + cache write */
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  startTime: string;
  endTime: string;
  user: string;
  end_user: string;
  team_id: string;
  session_id: string;
  request_tags: string[];
  /** "success": the request got a 2xx/3xx answer and no error was reported on it (not even mid-stream); else "failure" */
  status: "success" | "failure";
  status_code: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  /** input tokens neither read from nor written to the cache */
  input_tokens: number;
  deployment_id: string | null;
  region: string | null;
  operation: string;
  route_kind: SpendRecord["routeKind"];
  unpriced: boolean;
  unpriced_reason: string | null;
  partial: boolean;
  streamed: boolean;
  time_to_first_byte_ms: number | null;
  upstream_latency_ms: number | null;
  gateway_overhead_ms: number | null;
  key_alias: string | null;
  attempts: number;
  usage_source: SpendRecord["usageSource"];
  error_type: string | null;
  guardrail_units: Record<string, number> | null;
}

/**
 * Maps a spend record to the row `/spend/logs` answers. `status` follows LiteLLM's two values: "success" when the
 * status code is 200–399 and no error type was recorded, "failure" otherwise (an upstream error, a gateway error,
 * or an error frame in the middle of a stream that began with 200). A stream the client abandoned without an
 * error stays "success" with `partial: true`.
 *
 * @example
 * toSpendLogRow(record).prompt_tokens // record.inputTokens + record.cacheReadInputTokens + record.cacheWriteInputTokens
 */
export function toSpendLogRow(record: SpendRecord): SpendLogRow {
  return {
    request_id: record.requestId,
    api_key: record.keyHash ?? "",
    model: record.modelId ?? "",
    model_group: record.modelGroup ?? "",
    spend: record.cost ?? 0,
    prompt_tokens: record.inputTokens + record.cacheReadInputTokens + record.cacheWriteInputTokens,
    completion_tokens: record.outputTokens,
    total_tokens: record.totalTokens,
    startTime: record.startTime.toISOString(),
    endTime: record.endTime.toISOString(),
    user: record.userId ?? "",
    end_user: record.endUser ?? "",
    team_id: record.teamId ?? "",
    session_id: record.sessionId ?? "",
    request_tags: [...record.tags],
    status: isSuccess(record) ? "success" : "failure",
    status_code: record.status,
    cache_read_input_tokens: record.cacheReadInputTokens,
    cache_creation_input_tokens: record.cacheWriteInputTokens,
    input_tokens: record.inputTokens,
    deployment_id: record.deploymentId ?? null,
    region: record.region ?? null,
    operation: record.operation,
    route_kind: record.routeKind,
    unpriced: record.unpriced,
    unpriced_reason: record.unpricedReason ?? null,
    partial: record.partial,
    streamed: record.streamed,
    time_to_first_byte_ms: record.timeToFirstByteMs ?? null,
    upstream_latency_ms: record.upstreamLatencyMs ?? null,
    gateway_overhead_ms: record.gatewayOverheadMs ?? null,
    key_alias: record.keyAlias ?? null,
    attempts: record.attempts,
    usage_source: record.usageSource,
    error_type: record.errorType ?? null,
    guardrail_units: record.guardrailUnits ? { ...record.guardrailUnits } : null,
  };
}

function isSuccess(record: SpendRecord): boolean {
  return record.status >= 200 && record.status < 400 && record.errorType === undefined;
}
