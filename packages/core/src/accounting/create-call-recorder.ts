import type { Principal } from "../auth/authenticate.js";
import type { ClientContext } from "../gateway/read-client-context.js";
import type { RoutePlan } from "../gateway/plan-route.js";
import type { CostResult } from "../pricing/types.js";
import type { SpendRecord } from "../store/spend-record.js";
import type { GatewayMetrics } from "../telemetry/create-metrics.js";
import type { Logger } from "../telemetry/create-logger.js";
import type { UsageResult } from "../usage/types.js";

export interface CallRecorderDeps {
  /** wall clock, epoch ms (timestamps) */
  clock: () => number;
  /** monotonic ms (durations) */
  now: () => number;
  metrics: GatewayMetrics;
  logger: Logger;
  enqueue: (record: SpendRecord) => void;
}

export interface CallOutcome {
  status: number;
  errorType?: string;
  streamed: boolean;
  usage?: UsageResult;
  cost?: CostResult;
}

/** One request's observations, filled in as the request goes through the gateway, recorded once at its end. */
export interface Call {
  readonly requestId: string;
  readonly context: ClientContext;
  principal?: Principal;
  routeKind: SpendRecord["routeKind"];
  operation: string;
  plan?: RoutePlan;
  /** upstream attempts made (retries and fallbacks included) */
  attempts: number;
  /** runs when the call is recorded (limits settle here); a throwing hook is logged, never fatal */
  onFinish(hook: (record: SpendRecord) => void): void;
  markUpstreamStart(): void;
  markUpstreamHeaders(): void;
  markFirstByteOut(): void;
  /** gateway time so far and upstream time-to-headers, in ms, for `Server-Timing` */
  readTimings(): { gatewayMs: number; upstreamMs?: number };
  /** records the call (spend row, metrics, one log line); later calls are ignored */
  finish(outcome: CallOutcome): SpendRecord | undefined;
}

export interface CallRecorder {
  begin(requestId: string, context: ClientContext): Call;
}

/**
 * Turns each request's observations into one spend row (queued, written off the request path), its metrics and
 * one structured log line — for every request, whatever the route or outcome.
 */
export function createCallRecorder(deps: CallRecorderDeps): CallRecorder {
  return {
    begin(requestId, context) {
      const startTime = deps.clock();
      const start = deps.now();
      let upstreamStart: number | undefined;
      let upstreamHeaders: number | undefined;
      let firstByteOut: number | undefined;
      let finished = false;
      const hooks: Array<(record: SpendRecord) => void> = [];
      deps.metrics.inFlight.inc();
      const call: Call = {
        requestId,
        context,
        routeKind: "gateway",
        operation: "Unknown",
        attempts: 0,
        onFinish: (hook) => void hooks.push(hook),
        markUpstreamStart: () => void (upstreamStart = deps.now()),
        markUpstreamHeaders: () => void (upstreamHeaders = deps.now()),
        markFirstByteOut: () => void (firstByteOut ??= deps.now()),
        readTimings() {
          const upstreamMs = upstreamStart !== undefined && upstreamHeaders !== undefined ? upstreamHeaders - upstreamStart : undefined;
          return { gatewayMs: deps.now() - start - (upstreamMs ?? 0), ...(upstreamMs !== undefined ? { upstreamMs } : {}) };
        },
        finish(outcome) {
          if (finished) return undefined;
          finished = true;
          deps.metrics.inFlight.dec();
          const end = deps.now();
          const timings = {
            total: end - start,
            ttfb: firstByteOut === undefined ? undefined : firstByteOut - start,
            upstream: upstreamStart === undefined || upstreamHeaders === undefined ? undefined : upstreamHeaders - upstreamStart,
            // before the upstream call, and from upstream headers to our headers; streaming time is Bedrock's
            overhead:
              upstreamStart === undefined
                ? end - start
                : upstreamStart - start + (firstByteOut !== undefined && upstreamHeaders !== undefined ? firstByteOut - upstreamHeaders : 0),
          };
          const record = buildRecord(call, context, outcome, { startTime, endTime: startTime + timings.total }, timings);
          deps.enqueue(record);
          observe(deps, record, timings);
          for (const hook of hooks) {
            try {
              hook(record);
            } catch (error) {
              deps.logger.error({ err: (error as Error).message, requestId }, "a call-finish hook failed");
            }
          }
          return record;
        },
      };
      return call;
    },
  };
}

interface Timings {
  total: number;
  ttfb: number | undefined;
  upstream: number | undefined;
  overhead: number;
}

function buildRecord(
  call: Call,
  context: ClientContext,
  outcome: CallOutcome,
  times: { startTime: number; endTime: number },
  timings: Timings,
): SpendRecord {
  const usage = outcome.usage?.usage;
  const cost = outcome.cost;
  const plan = call.plan;
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const cacheReadInputTokens = usage?.cacheReadInputTokens ?? 0;
  const cacheWriteInputTokens = usage?.cacheWriteInputTokens ?? 0;
  const unpriced = cost === undefined ? outcome.status < 400 : cost.status === "unpriced";
  return {
    requestId: call.requestId,
    startTime: new Date(times.startTime),
    endTime: new Date(times.endTime),
    ...(timings.ttfb !== undefined ? { timeToFirstByteMs: round(timings.ttfb) } : {}),
    ...(timings.upstream !== undefined ? { upstreamLatencyMs: round(timings.upstream) } : {}),
    gatewayOverheadMs: round(timings.overhead),
    ...readPrincipalFields(call.principal),
    ...(context.endUser ? { endUser: context.endUser } : {}),
    ...(context.sessionId ? { sessionId: context.sessionId } : {}),
    tags: context.tags,
    routeKind: call.routeKind,
    operation: call.operation,
    ...(plan?.modelGroup ? { modelGroup: plan.modelGroup } : {}),
    ...(plan?.deployment ? { deploymentId: plan.deployment.id } : {}),
    ...(plan ? { region: plan.target.region } : {}),
    ...(plan?.modelId ? { modelId: plan.modelId } : outcome.usage?.modelId ? { modelId: outcome.usage.modelId } : {}),
    inputTokens,
    outputTokens,
    cacheReadInputTokens,
    cacheWriteInputTokens,
    totalTokens: inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens,
    ...(usage?.guardrailUnits ? { guardrailUnits: usage.guardrailUnits } : {}),
    // Bedrock does not bill a call it refused, so an error without usage costs an explicit 0
    cost: cost ? (cost.status === "unpriced" ? null : cost.cost) : outcome.status >= 400 ? 0 : null,
    unpriced,
    ...(cost?.status === "unpriced" ? { unpricedReason: cost.reason } : unpriced ? { unpricedReason: "no usage was read" } : {}),
    usageSource: outcome.usage?.source ?? "none",
    status: outcome.status,
    ...(outcome.errorType ? { errorType: outcome.errorType } : {}),
    streamed: outcome.streamed,
    partial: outcome.usage?.partial ?? false,
    attempts: call.attempts,
  };
}

function readPrincipalFields(principal: Principal | undefined): Partial<SpendRecord> {
  switch (principal?.kind) {
    case "master":
      return { keyHash: principal.keyHash, keyAlias: "master" };
    case "virtual": {
      const { key } = principal;
      return {
        keyHash: principal.keyHash,
        ...(key.keyAlias ? { keyAlias: key.keyAlias } : {}),
        ...(key.userId ? { userId: key.userId } : {}),
        ...(key.teamId ? { teamId: key.teamId } : {}),
      };
    }
    case "open":
      return principal.keyHash ? { keyHash: principal.keyHash } : {};
    case undefined:
      return {};
  }
}

function observe(deps: CallRecorderDeps, record: SpendRecord, timings: Timings): void {
  const { metrics } = deps;
  const modelGroup = record.modelGroup ?? record.modelId ?? "none";
  const keyAlias = record.keyAlias ?? "none";
  metrics.requests.inc({ route: record.routeKind, operation: record.operation, model_group: modelGroup, status_class: `${Math.floor(record.status / 100)}xx` });
  if (record.errorType) metrics.errors.inc({ operation: record.operation, error_type: record.errorType });
  metrics.duration.observe({ operation: record.operation, model_group: modelGroup }, timings.total / 1000);
  if (timings.ttfb !== undefined) metrics.timeToFirstByte.observe({ operation: record.operation, model_group: modelGroup }, timings.ttfb / 1000);
  metrics.overhead.observe({ operation: record.operation }, timings.overhead / 1000);
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
  deps.logger.info(
    {
      requestId: record.requestId,
      route: record.routeKind,
      operation: record.operation,
      status: record.status,
      ...(record.errorType ? { errorType: record.errorType } : {}),
      modelGroup: record.modelGroup,
      deploymentId: record.deploymentId,
      region: record.region,
      modelId: record.modelId,
      keyAlias: record.keyAlias,
      durationMs: record.endTime.getTime() - record.startTime.getTime(),
      ttfbMs: record.timeToFirstByteMs,
      overheadMs: record.gatewayOverheadMs,
      tokens: record.totalTokens,
      cost: record.cost,
      unpriced: record.unpriced || undefined,
      partial: record.partial || undefined,
      streamed: record.streamed,
    },
    "request",
  );
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
