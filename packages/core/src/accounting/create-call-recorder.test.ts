import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/authenticate.js";
import type { RoutePlan } from "../gateway/plan-route.js";
import type { SpendRecord } from "../store/spend-record.js";
import { createLogger } from "../telemetry/create-logger.js";
import { createMetrics } from "../telemetry/create-metrics.js";
import { createCallRecorder } from "./create-call-recorder.js";
import type { Call, CallOutcome } from "./create-call-recorder.js";

const START = 1_700_000_000_000;

/** A recorder on a fake clock whose log lines (time stripped) and rows are kept. */
function setUp() {
  let monotonic = 1000;
  const lines: string[] = [];
  const records: SpendRecord[] = [];
  const metrics = createMetrics();
  const logger = createLogger({ destination: { write: (line: string) => void lines.push(line.replace(/"time":\d+,/, "")) } });
  const recorder = createCallRecorder({
    clock: () => START,
    now: () => monotonic,
    metrics,
    logger,
    enqueue: (record) => void records.push(record),
  });
  return {
    recorder,
    metrics,
    lines,
    records,
    advance: (ms: number) => void (monotonic += ms),
  };
}

const PLAN = {
  service: "bedrock-runtime",
  operation: "Converse",
  target: { region: "us-east-1" },
  path: "/model/x/converse",
  modelGroup: "claude",
  deployment: { id: "claude-use1" },
  modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
} as unknown as RoutePlan;

const VIRTUAL: Principal = {
  kind: "virtual",
  keyHash: "a".repeat(64),
  key: { keyAlias: "team-key", userId: "u1", teamId: "t1" } as Extract<Principal, { kind: "virtual" }>["key"],
};

/** a streamed, priced, fully routed call through every mark */
function fullCall(env: ReturnType<typeof setUp>): { call: Call; outcome: CallOutcome } {
  const call = env.recorder.begin("req-full", { endUser: "alice", sessionId: "s-1", tags: ["prod", "a"] });
  call.principal = VIRTUAL;
  call.routeKind = "bedrock-runtime";
  call.operation = "ConverseStream";
  call.plan = PLAN;
  call.attempts = 2;
  env.advance(1.25);
  call.markUpstreamStart();
  env.advance(40.5);
  call.markUpstreamHeaders();
  env.advance(0.5);
  call.markFirstByteOut();
  env.advance(3);
  call.markFirstByteOut(); // only the first counts
  env.advance(100.125);
  return {
    call,
    outcome: {
      status: 200,
      streamed: true,
      usage: {
        usage: { inputTokens: 10, outputTokens: 20, cacheReadInputTokens: 30, cacheWriteInputTokens: 40, guardrailUnits: { contentPolicyUnits: 2 } },
        source: "stream-metadata",
        free: false,
        partial: false,
      },
      cost: { status: "priced", cost: 0.0125, priceId: "p" },
    },
  };
}

describe("createCallRecorder", () => {
  it("records a routed, streamed, priced call: one row, its metrics and one log line", async () => {
    const env = setUp();
    const { call, outcome } = fullCall(env);
    expect(call.readTimings()).toEqual({ gatewayMs: 145.375 - 40.5, upstreamMs: 40.5 });
    const record = call.finish(outcome);
    expect(env.records).toEqual([record]);
    expect(JSON.stringify(record)).toBe(
      JSON.stringify({
        requestId: "req-full",
        startTime: new Date(START),
        endTime: new Date(START + 145.375),
        timeToFirstByteMs: 42.25,
        upstreamLatencyMs: 40.5,
        gatewayOverheadMs: 1.75,
        keyHash: "a".repeat(64),
        keyAlias: "team-key",
        userId: "u1",
        teamId: "t1",
        endUser: "alice",
        sessionId: "s-1",
        tags: ["prod", "a"],
        routeKind: "bedrock-runtime",
        operation: "ConverseStream",
        modelGroup: "claude",
        deploymentId: "claude-use1",
        region: "us-east-1",
        modelId: "us.anthropic.claude-sonnet-4-20250514-v1:0",
        inputTokens: 10,
        outputTokens: 20,
        cacheReadInputTokens: 30,
        cacheWriteInputTokens: 40,
        totalTokens: 100,
        guardrailUnits: { contentPolicyUnits: 2 },
        cost: 0.0125,
        unpriced: false,
        usageSource: "stream-metadata",
        status: 200,
        streamed: true,
        partial: false,
        attempts: 2,
      }),
    );
    expect(env.lines).toEqual([
      '{"level":30,"requestId":"req-full","route":"bedrock-runtime","operation":"ConverseStream","status":200,"modelGroup":"claude",' +
        '"deploymentId":"claude-use1","region":"us-east-1","modelId":"us.anthropic.claude-sonnet-4-20250514-v1:0","keyAlias":"team-key",' +
        '"durationMs":145,"ttfbMs":42.25,"overheadMs":1.75,"tokens":100,"cost":0.0125,"streamed":true,"msg":"request"}\n',
    ]);
    expect(call.finish(outcome)).toBeUndefined();
    expect(env.records).toHaveLength(1);
    expect(await env.metrics.registry.metrics()).toMatchSnapshot();
  });

  it("records calls that never reached Bedrock, unpriced and partial calls, whatever the principal", async () => {
    const env = setUp();
    const refused = env.recorder.begin("req-refused", { tags: [] });
    env.advance(2);
    const refusedRecord = refused.finish({ status: 403, errorType: "AccessDeniedException", streamed: false });

    const master = env.recorder.begin("req-master", { tags: [] });
    master.principal = { kind: "master", keyHash: "b".repeat(64) };
    master.routeKind = "bedrock-runtime";
    master.operation = "InvokeModel";
    master.plan = { ...PLAN, modelGroup: undefined, deployment: undefined, modelId: undefined } as unknown as RoutePlan;
    master.markUpstreamStart();
    env.advance(10);
    master.markUpstreamHeaders();
    env.advance(1);
    const masterRecord = master.finish({
      status: 200,
      streamed: false,
      usage: { usage: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 }, source: "body", free: false, partial: true, modelId: "from-body" },
      cost: { status: "unpriced", reason: "no price for from-body" },
    });

    const open = env.recorder.begin("req-open", { tags: ["x"] });
    open.principal = { kind: "open", keyHash: "c".repeat(64) };
    open.operation = "CountTokens";
    const openRecord = open.finish({ status: 200, streamed: false, usage: { source: "none", free: true, partial: false } });

    const anonymous = env.recorder.begin("req-anon", { tags: [] });
    anonymous.principal = { kind: "open" };
    const anonymousRecord = anonymous.finish({ status: 200, streamed: false, cost: { status: "free", cost: 0 } });

    for (const record of [refusedRecord, masterRecord, openRecord, anonymousRecord]) expect(JSON.stringify(record)).toMatchSnapshot();
    expect(env.records).toEqual([refusedRecord, masterRecord, openRecord, anonymousRecord]);
    expect(env.lines).toMatchSnapshot();
    expect(await env.metrics.registry.metrics()).toMatchSnapshot();
  });

  it("counts a call in flight from begin to finish", async () => {
    const env = setUp();
    const call = env.recorder.begin("req", { tags: [] });
    expect(await env.metrics.registry.getSingleMetricAsString("bedrock_gw_in_flight_requests")).toContain("bedrock_gw_in_flight_requests 1");
    call.finish({ status: 200, streamed: false });
    expect(await env.metrics.registry.getSingleMetricAsString("bedrock_gw_in_flight_requests")).toContain("bedrock_gw_in_flight_requests 0");
  });

  it("runs every finish hook with the record, and logs a throwing one without failing the call", () => {
    const env = setUp();
    const call = env.recorder.begin("req-hooks", { tags: [] });
    const seen: string[] = [];
    call.onFinish((record) => void seen.push(`first ${record.requestId}`));
    call.onFinish(() => {
      throw new Error("boom");
    });
    call.onFinish((record) => void seen.push(`last ${record.status}`));
    expect(call.finish({ status: 200, streamed: false })).toBeDefined();
    expect(seen).toEqual(["first req-hooks", "last 200"]);
    expect(env.lines.at(-1)).toBe('{"level":50,"err":"boom","requestId":"req-hooks","msg":"a call-finish hook failed"}\n');
  });

  it("keeps redacting secrets in every other line", () => {
    const env = setUp();
    const logger = createLogger({ destination: { write: (line: string) => void env.lines.push(line) } });
    logger.info({ apiKey: "sk-secret", headers: { authorization: "Bearer x" }, creds: { secretAccessKey: "s" } }, "other");
    expect(env.lines.at(-1)).not.toContain("sk-secret");
    expect(env.lines.at(-1)).not.toContain("Bearer x");
    expect(env.lines.at(-1)).toContain('"secretAccessKey":"[redacted]"');
  });
});
