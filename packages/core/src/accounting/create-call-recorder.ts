import type { Principal } from "../auth/authenticate.js";
import type { ClientContext } from "../gateway/read-client-context.js";
import type { RoutePlan } from "../gateway/plan-route.js";
import type { CostResult } from "../pricing/types.js";
import type { SpendRecord } from "../store/spend-record.js";
import { createCallMetrics } from "../telemetry/create-call-metrics.js";
import type { GatewayMetrics } from "../telemetry/create-metrics.js";
import { withoutRedaction } from "../telemetry/create-logger.js";
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
  const callMetrics = createCallMetrics(deps.metrics);
  // the request line is built here from fields that hold no secret: it skips the logger's redaction pass
  const requestLog = withoutRedaction(deps.logger);
  return {
    begin(requestId, context) {
      const startTime = deps.clock();
      const start = deps.now();
      let upstreamStart: number | undefined;
      let upstreamHeaders: number | undefined;
      let firstByteOut: number | undefined;
      let finished = false;
      let hooks: Array<(record: SpendRecord) => void> | undefined;
      deps.metrics.inFlight.inc();
      const call: Call = {
        requestId,
        context,
        routeKind: "gateway",
        operation: "Unknown",
        attempts: 0,
        onFinish: (hook) => void (hooks ??= []).push(hook),
        markUpstreamStart: () => void (upstreamStart = deps.now()),
        markUpstreamHeaders: () => void (upstreamHeaders = deps.now()),
        markFirstByteOut: () => void (firstByteOut ??= deps.now()),
        readTimings() {
          const gatewayMs = deps.now() - start;
          if (upstreamStart === undefined || upstreamHeaders === undefined) return { gatewayMs };
          const upstreamMs = upstreamHeaders - upstreamStart;
          return { gatewayMs: gatewayMs - upstreamMs, upstreamMs };
        },
        finish(outcome) {
          if (finished) return undefined;
          finished = true;
          deps.metrics.inFlight.dec();
          const end = deps.now();
          const totalMs = end - start;
          const ttfbMs = firstByteOut === undefined ? undefined : firstByteOut - start;
          const upstreamMs = upstreamStart === undefined || upstreamHeaders === undefined ? undefined : upstreamHeaders - upstreamStart;
          // before the upstream call, and from upstream headers to our headers; streaming time is Bedrock's
          const overheadMs =
            upstreamStart === undefined
              ? totalMs
              : upstreamStart - start + (firstByteOut !== undefined && upstreamHeaders !== undefined ? firstByteOut - upstreamHeaders : 0);
          const record = buildRecord(call, context, outcome, startTime, totalMs, ttfbMs, upstreamMs, overheadMs);
          deps.enqueue(record);
          callMetrics.observe(record, totalMs, ttfbMs, overheadMs);
          logRequest(requestLog, record);
          if (hooks !== undefined) {
            for (const hook of hooks) {
              try {
                hook(record);
              } catch (error) {
                deps.logger.error({ err: (error as Error).message, requestId }, "a call-finish hook failed");
              }
            }
          }
          return record;
        },
      };
      return call;
    },
  };
}

/**
 * The spend row, built field by field in its documented order (optional fields only when known), without the
 * short-lived objects a spread per field would make.
 */
function buildRecord(
  call: Call,
  context: ClientContext,
  outcome: CallOutcome,
  startTime: number,
  totalMs: number,
  ttfbMs: number | undefined,
  upstreamMs: number | undefined,
  overheadMs: number,
): SpendRecord {
  const reading = outcome.usage;
  const usage = reading?.usage;
  const cost = outcome.cost;
  const plan = call.plan;
  const principal = call.principal;
  const record = { requestId: call.requestId, startTime: new Date(startTime), endTime: new Date(startTime + totalMs) } as SpendRecord;
  if (ttfbMs !== undefined) record.timeToFirstByteMs = round(ttfbMs);
  if (upstreamMs !== undefined) record.upstreamLatencyMs = round(upstreamMs);
  record.gatewayOverheadMs = round(overheadMs);
  switch (principal?.kind) {
    case "master":
      record.keyHash = principal.keyHash;
      record.keyAlias = "master";
      break;
    case "virtual": {
      const { key } = principal;
      record.keyHash = principal.keyHash;
      if (key.keyAlias) record.keyAlias = key.keyAlias;
      if (key.userId) record.userId = key.userId;
      if (key.teamId) record.teamId = key.teamId;
      break;
    }
    case "open":
      if (principal.keyHash) record.keyHash = principal.keyHash;
      break;
    case undefined:
      break;
  }
  if (context.endUser) record.endUser = context.endUser;
  if (context.sessionId) record.sessionId = context.sessionId;
  record.tags = context.tags;
  record.routeKind = call.routeKind;
  record.operation = call.operation;
  if (plan !== undefined) {
    if (plan.modelGroup) record.modelGroup = plan.modelGroup;
    if (plan.deployment) record.deploymentId = plan.deployment.id;
    record.region = plan.target.region;
  }
  const modelId = plan?.modelId || reading?.modelId;
  if (modelId) record.modelId = modelId;
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const cacheReadInputTokens = usage?.cacheReadInputTokens ?? 0;
  const cacheWriteInputTokens = usage?.cacheWriteInputTokens ?? 0;
  record.inputTokens = inputTokens;
  record.outputTokens = outputTokens;
  record.cacheReadInputTokens = cacheReadInputTokens;
  record.cacheWriteInputTokens = cacheWriteInputTokens;
  record.totalTokens = inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
  if (usage?.guardrailUnits) record.guardrailUnits = usage.guardrailUnits;
  const unpriced = cost === undefined ? outcome.status < 400 : cost.status === "unpriced";
  // Bedrock does not bill a call it refused, so an error without usage costs an explicit 0
  record.cost = cost ? (cost.status === "unpriced" ? null : cost.cost) : outcome.status >= 400 ? 0 : null;
  record.unpriced = unpriced;
  if (cost?.status === "unpriced") record.unpricedReason = cost.reason;
  else if (unpriced) record.unpricedReason = "no usage was read";
  record.usageSource = reading?.source ?? "none";
  record.status = outcome.status;
  if (outcome.errorType) record.errorType = outcome.errorType;
  record.streamed = outcome.streamed;
  record.partial = reading?.partial ?? false;
  record.attempts = call.attempts;
  return record;
}

/** One line per request; pino leaves out the fields that are undefined. */
function logRequest(logger: Logger, record: SpendRecord): void {
  logger.info(
    {
      requestId: record.requestId,
      route: record.routeKind,
      operation: record.operation,
      status: record.status,
      errorType: record.errorType,
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
