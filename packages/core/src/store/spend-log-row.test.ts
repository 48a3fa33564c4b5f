import { describe, expect, it } from "vitest";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import { toSpendLogRow } from "./spend-log-row.js";

describe("toSpendLogRow", () => {
  it("maps every field to LiteLLM's names and ours", () => {
    const row = toSpendLogRow({ ...makeFullSpendRecord("req-1"), errorType: undefined, partial: false });
    expect(row).toEqual({
      request_id: "req-1",
      api_key: "a".repeat(64),
      model: "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
      model_group: "claude",
      spend: 0.0123456789,
      prompt_tokens: 1200 + 800 + 64,
      completion_tokens: 345,
      total_tokens: 2409,
      startTime: "2026-11-21T10:00:00.123Z",
      endTime: "2026-11-21T10:00:02.468Z",
      user: "user-1",
      end_user: "customer-9",
      team_id: "team-a",
      session_id: "session-7",
      request_tags: ["prod", "batch:42", "ünïcode"],
      status: "success",
      status_code: 200,
      cache_read_input_tokens: 800,
      cache_creation_input_tokens: 64,
      input_tokens: 1200,
      deployment_id: "claude-usw2",
      region: "us-west-2",
      operation: "ConverseStream",
      route_kind: "bedrock-runtime",
      unpriced: false,
      unpriced_reason: null,
      partial: false,
      streamed: true,
      time_to_first_byte_ms: 120.5,
      upstream_latency_ms: 2200.25,
      gateway_overhead_ms: 3.75,
      key_alias: "team-a-prod",
      attempts: 2,
      usage_source: "stream-metadata",
      error_type: null,
      guardrail_units: { contentPolicyUnits: 2, topicPolicyUnits: 1 },
    });
  });

  it("uses LiteLLM's defaults for absent fields: empty text, zero spend when unpriced", () => {
    const row = toSpendLogRow(
      makeSpendRecord({ requestId: "r", routeKind: "bedrock-agent-runtime", operation: "InvokeAgent", cost: null, unpriced: true, unpricedReason: "no price for model" }),
    );
    expect(row).toMatchObject({
      api_key: "",
      model: "",
      model_group: "",
      user: "",
      end_user: "",
      spend: 0,
      unpriced: true,
      unpriced_reason: "no price for model",
      deployment_id: null,
      region: null,
      key_alias: null,
      guardrail_units: null,
    });
  });

  it.each([
    [200, undefined, "success"],
    [304, undefined, "success"],
    [200, "modelStreamErrorException", "failure"],
    [400, "ValidationException", "failure"],
    [429, undefined, "failure"],
    [503, undefined, "failure"],
    [0, undefined, "failure"],
  ] as const)("status %i with error %s is %s", (status, errorType, expected) => {
    const record = makeSpendRecord({ requestId: "r", status, ...(errorType ? { errorType } : {}) });
    expect(toSpendLogRow(record)).toMatchObject({ status: expected, status_code: status });
  });

  it("keeps a stream the client abandoned a success, marked partial", () => {
    expect(toSpendLogRow(makeSpendRecord({ requestId: "r", streamed: true, partial: true }))).toMatchObject({ status: "success", partial: true });
  });
});
