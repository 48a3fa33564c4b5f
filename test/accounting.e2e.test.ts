import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { AIP_ARN, MASTER_KEY, useE2eEnvironment } from "./support/fixtures.js";
import { fetchSpendLogs, waitForSpendRow } from "./support/spend.js";

const getEnv = useE2eEnvironment();
const PRICES = {
  sonnet4: { input: 3e-6, output: 15e-6, cacheRead: 0.3e-6, cacheWrite5m: 3.75e-6 },
  sonnet45Us: { input: 3.3e-6, output: 16.5e-6 },
  sonnet35: { input: 3e-6, output: 15e-6 },
  override: { input: 0.001, output: 0.002 },
};
const requestIds: string[] = [];

async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${getEnv().gateway.url}/bedrock${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const requestId = response.headers.get("x-bedrock-gw-request-id")!;
  requestIds.push(requestId);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, requestId, bytes, json: () => JSON.parse(new TextDecoder().decode(bytes)) };
}

const converse = (text: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: "user", content: [{ text }] }], ...extra });
const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 12);

describe("usage and cost of every operation", () => {
  it("Converse: usage from the body, cost = tokens × the deployment's price, in the row and the cost header", async () => {
    const { response, requestId, json } = await call("/model/claude/converse", converse("price me"), {
      "x-bedrock-gw-end-user": "alice",
      "x-bedrock-gw-session-id": "sess-1",
      "x-bedrock-gw-tags": "prod,team-a",
    });
    const { usage } = json();
    const expected = usage.inputTokens * PRICES.sonnet4.input + usage.outputTokens * PRICES.sonnet4.output;
    close(Number(response.headers.get("x-bedrock-gw-cost")), expected);
    expect(response.headers.get("server-timing")).toMatch(/^gateway;dur=\d+\.\d+, upstream;dur=\d+\.\d+$/);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    close(row.spend, expected);
    expect(row).toMatchObject({
      model_group: "claude",
      model: "us.anthropic.claude-sonnet-4-20250514-v1:0",
      operation: "Converse",
      route_kind: "bedrock-runtime",
      input_tokens: usage.inputTokens,
      completion_tokens: usage.outputTokens,
      end_user: "alice",
      session_id: "sess-1",
      request_tags: ["prod", "team-a"],
      region: "us-east-1",
      unpriced: false,
      partial: false,
      streamed: false,
      status: "success",
      usage_source: "body",
    });
    expect(row.api_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("prompt-cache tokens are counted and priced: a write first, then a read", async () => {
    const system = [{ text: "You are a careful assistant. ".repeat(40) }, { cachePoint: { type: "default" } }];
    const first = await call("/model/claude/converse", converse("cache one", { system }));
    const second = await call("/model/claude/converse", converse("cache two", { system }));
    const u1 = first.json().usage;
    const u2 = second.json().usage;
    expect(u1.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(u2.cacheReadInputTokens).toBeGreaterThan(0);
    const row1 = await waitForSpendRow(getEnv().gateway.url, first.requestId);
    const row2 = await waitForSpendRow(getEnv().gateway.url, second.requestId);
    expect(row1.cache_creation_input_tokens).toBe(u1.cacheWriteInputTokens);
    expect(row2.cache_read_input_tokens).toBe(u2.cacheReadInputTokens);
    const p = PRICES.sonnet4;
    close(row1.spend, u1.inputTokens * p.input + u1.outputTokens * p.output + u1.cacheWriteInputTokens * p.cacheWrite5m);
    close(row2.spend, u2.inputTokens * p.input + u2.outputTokens * p.output + u2.cacheReadInputTokens * p.cacheRead);
    expect(row2.prompt_tokens).toBe(u2.inputTokens + u2.cacheReadInputTokens + (u2.cacheWriteInputTokens ?? 0));
  });

  it("a geographic inference profile is priced at its own price, not the base id's", async () => {
    const { requestId, json } = await call("/model/sonnet45/converse", converse("geo"));
    const { usage } = json();
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    close(row.spend, usage.inputTokens * PRICES.sonnet45Us.input + usage.outputTokens * PRICES.sonnet45Us.output);
  });

  it("an application-inference-profile ARN is priced through model_info.base_model", async () => {
    const { requestId, json } = await call("/model/claude-aip/converse", converse("arn"));
    const { usage } = json();
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row.model).toBe(AIP_ARN);
    close(row.spend, usage.inputTokens * PRICES.sonnet35.input + usage.outputTokens * PRICES.sonnet35.output);
  });

  it("per-deployment prices override the table", async () => {
    const { requestId, json } = await call("/model/claude-override/converse", converse("override"));
    const { usage } = json();
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    close(row.spend, usage.inputTokens * PRICES.override.input + usage.outputTokens * PRICES.override.output);
  });

  it("a model with no price is unpriced, never a cost of 0, and counted in the metrics", async () => {
    const { response, requestId } = await call("/model/cohere.command-light-text-v14/converse", converse("no price"));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-bedrock-gw-cost")).toBeNull();
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row.unpriced).toBe(true);
    expect(row.unpriced_reason).toMatch(/cohere\.command-light-text-v14/);
    expect(row.total_tokens).toBeGreaterThan(0);
  });

  it("ConverseStream: usage from the metadata event", async () => {
    const { requestId, bytes } = await call("/model/claude/converse-stream", converse("stream me"));
    expect(bytes.length).toBeGreaterThan(0);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row).toMatchObject({ streamed: true, partial: false, usage_source: "stream-metadata", unpriced: false });
    expect(row.completion_tokens).toBeGreaterThan(0);
    close(row.spend, row.input_tokens * PRICES.sonnet4.input + row.completion_tokens * PRICES.sonnet4.output);
  });

  it("InvokeModel: usage from the token-count headers", async () => {
    const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: "invoke" }] };
    const { response, requestId } = await call("/model/claude/invoke", body);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row.usage_source).toBe("headers");
    expect(row.input_tokens).toBe(Number(response.headers.get("x-amzn-bedrock-input-token-count")));
    expect(row.completion_tokens).toBe(Number(response.headers.get("x-amzn-bedrock-output-token-count")));
    close(Number(response.headers.get("x-bedrock-gw-cost")), row.spend);
  });

  it("InvokeModelWithResponseStream: usage from the stream, cache-aware", async () => {
    const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: "stream invoke" }] };
    const { requestId } = await call("/model/claude/invoke-with-response-stream", body);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row).toMatchObject({ streamed: true, partial: false, unpriced: false });
    expect(["anthropic-stream", "invocation-metrics"]).toContain(row.usage_source);
    expect(row.input_tokens).toBeGreaterThan(0);
    expect(row.completion_tokens).toBeGreaterThan(0);
  });

  it("CountTokens is free: cost 0, not unpriced", async () => {
    const { requestId } = await call("/model/claude/count-tokens", { input: { converse: { messages: converse("count").messages } } });
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row).toMatchObject({ spend: 0, unpriced: false, operation: "CountTokens" });
  });

  it("ApplyGuardrail records its policy units and prices them", async () => {
    const { requestId, json } = await call("/guardrail/gr12345abc/version/1/apply", {
      source: "INPUT",
      content: [{ text: { text: "a guardrail check of some length" } }],
    });
    const { usage } = json();
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row.guardrail_units).toMatchObject({ contentPolicyUnits: usage.contentPolicyUnits });
    expect(row.unpriced).toBe(false);
    const expected =
      (usage.contentPolicyUnits ?? 0) * 0.00015 +
      (usage.topicPolicyUnits ?? 0) * 0.00015 +
      (usage.sensitiveInformationPolicyUnits ?? 0) * 0.0001 +
      (usage.contextualGroundingPolicyUnits ?? 0) * 0.0001;
    close(row.spend, expected);
  });

  it("InvokeAgent: usage from traces when enabled, else the row says unpriced", async () => {
    const withTrace = await call("/agents/AGENT12345/agentAliases/ALIAS12345/sessions/s1/text", { inputText: "hi agent", enableTrace: true });
    const withoutTrace = await call("/agents/AGENT12345/agentAliases/ALIAS12345/sessions/s2/text", { inputText: "hi agent" });
    const traced = await waitForSpendRow(getEnv().gateway.url, withTrace.requestId);
    const untraced = await waitForSpendRow(getEnv().gateway.url, withoutTrace.requestId);
    expect(traced).toMatchObject({ usage_source: "agent-trace", route_kind: "bedrock-agent-runtime", operation: "InvokeAgent" });
    expect(traced.total_tokens).toBeGreaterThan(0);
    expect(untraced).toMatchObject({ usage_source: "none", unpriced: true, total_tokens: 0 });
  });

  it("a stream that dies mid-way records the usage seen so far and says it is partial", async () => {
    getEnv().simulator.injectFault({ kind: "drop-connection", afterEvents: 2, operation: "InvokeModelWithResponseStream" });
    const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 100, messages: [{ role: "user", content: "die mid-way please" }] };
    const { requestId } = await call("/model/claude/invoke-with-response-stream", body);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row).toMatchObject({ partial: true, streamed: true, status: "failure" });
    expect(row.input_tokens).toBeGreaterThan(0);
  });

  it("refused calls get a row too, with their error and no cost", async () => {
    const response = await fetch(`${getEnv().gateway.url}/bedrock/model/claude/converse`, { method: "POST", body: "{}" });
    const requestId = response.headers.get("x-bedrock-gw-request-id")!;
    requestIds.push(requestId);
    const row = await waitForSpendRow(getEnv().gateway.url, requestId);
    expect(row).toMatchObject({ status_code: 403, status: "failure", error_type: "UnrecognizedClientException", spend: 0, unpriced: false });
  });
});

describe("spend logs, report and metrics", () => {
  it("every request of this run has exactly one row", async () => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    const all = new Set<string>();
    let cursor: string | undefined;
    do {
      const response = await fetch(`${getEnv().gateway.url}/spend/logs?limit=5${cursor ? `&cursor=${cursor}` : ""}`, {
        headers: { authorization: `Bearer ${MASTER_KEY}` },
      });
      for (const row of (await response.json()) as Array<{ request_id: string }>) {
        expect(all.has(row.request_id)).toBe(false);
        all.add(row.request_id);
      }
      cursor = response.headers.get("x-bedrock-gw-next-cursor") ?? undefined;
    } while (cursor);
    for (const id of requestIds) expect(all.has(id), id).toBe(true);
  });

  it("filters by end user and model, and refuses bad filters with the reason", async () => {
    const { rows } = await fetchSpendLogs(getEnv().gateway.url, "end_user=alice");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.end_user === "alice")).toBe(true);
    const byModel = await fetchSpendLogs(getEnv().gateway.url, "model=sonnet45");
    expect(byModel.rows.every((r) => r.model_group === "sonnet45")).toBe(true);
    const bad = await fetchSpendLogs(getEnv().gateway.url, "start_date=not-a-date");
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toMatch(/start_date/);
    const unknown = await fetchSpendLogs(getEnv().gateway.url, "colour=red");
    expect(unknown.status).toBe(400);
  });

  it("the routes need the master key", async () => {
    const response = await fetch(`${getEnv().gateway.url}/spend/logs`);
    expect(response.status).toBe(403);
    expect((await fetch(`${getEnv().gateway.url}/metrics`)).status).toBe(403);
  });

  it("daily totals per model", async () => {
    const response = await fetch(`${getEnv().gateway.url}/spend/report?group_by=model`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    const totals = (await response.json()) as Array<{ group: string; requests: number; cost: number; unpricedRequests: number }>;
    const claude = totals.find((t) => t.group === "claude");
    expect(claude?.requests).toBeGreaterThan(3);
    expect(claude?.cost).toBeGreaterThan(0);
    expect(totals.find((t) => t.group === "cohere.command-light-text-v14")?.unpricedRequests).toBe(1);
  });

  it("/metrics is valid Prometheus text with requests, tokens, cost and unpriced counts", async () => {
    const response = await fetch(`${getEnv().gateway.url}/metrics`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    expect(response.headers.get("content-type")).toMatch(/text\/plain/);
    const families = parsePrometheusTextFormat(await response.text()) as Array<{ name: string; metrics: Array<{ labels?: Record<string, string>; value?: string }> }>;
    const family = (name: string) => families.find((f) => f.name === name);
    const sum = (name: string, labels: Record<string, string> = {}) =>
      (family(name)?.metrics ?? [])
        .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        .reduce((total, m) => total + Number(m.value), 0);
    expect(sum("bedrock_gw_requests_total", { operation: "Converse", model_group: "claude" })).toBeGreaterThan(0);
    expect(sum("bedrock_gw_tokens_total", { kind: "cache_read" })).toBeGreaterThan(0);
    expect(sum("bedrock_gw_cost_usd_total", { model_group: "claude" })).toBeGreaterThan(0);
    expect(sum("bedrock_gw_unpriced_requests_total")).toBeGreaterThanOrEqual(2);
    expect(sum("bedrock_gw_errors_total", { error_type: "UnrecognizedClientException" })).toBeGreaterThanOrEqual(1);
    expect(family("bedrock_gw_spend_queue_depth")).toBeDefined();
    expect(family("bedrock_gw_time_to_first_byte_seconds")).toBeDefined();
    expect(family("bedrock_gw_in_flight_requests")).toBeDefined();
  });
});
