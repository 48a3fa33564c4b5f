import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MASTER_KEY } from "../support/fixtures.js";
import { useSimulateGateway } from "../support/simulate-gateway.js";
import { EXAMPLES_DIR, runCommand } from "./run-example.js";

// examples/quickstart: its config served with --simulate, and its curl script for every route of the interface.
const CURL_DIR = `${EXAMPLES_DIR}quickstart/curl/`;
const getGateway = useSimulateGateway(["--config", `${EXAMPLES_DIR}quickstart/bedrock-gw.yaml`]);

const run = (script: string, args: string[] = [], env: Record<string, string> = {}) =>
  runCommand("bash", [`${CURL_DIR}${script}`, ...args], { BEDROCK_GW_URL: getGateway().url, BEDROCK_GW_MASTER_KEY: MASTER_KEY, ...env });

interface ScriptCase {
  script: string;
  route: string;
  /** what the output must show */
  expect: RegExp[];
}

const BEDROCK_SCRIPTS: ScriptCase[] = [
  { script: "converse.sh", route: "POST /bedrock/model/{model}/converse", expect: [/"stopReason":"end_turn"/, /Hello from curl/] },
  { script: "converse-stream.sh", route: "POST /bedrock/model/{model}/converse-stream", expect: [/messageStart/, /contentBlockDelta/, /metadata/] },
  { script: "invoke.sh", route: "POST /bedrock/model/{model}/invoke", expect: [/"type":"message"/, /Hello from curl/] },
  { script: "invoke-with-response-stream.sh", route: "POST /bedrock/model/{model}/invoke-with-response-stream", expect: [/:event-type.*chunk/, /invocationMetrics|bytes/] },
  { script: "count-tokens.sh", route: "POST /bedrock/model/{model}/count-tokens", expect: [/"inputTokens":\d+/] },
  { script: "apply-guardrail.sh", route: "POST /bedrock/guardrail/{id}/version/{v}/apply", expect: [/"action":"NONE"/] },
  { script: "async-invoke.sh", route: "POST /bedrock/async-invoke (+ GET)", expect: [/"invocationArn":"arn:aws:bedrock:/, /"status":"Completed"/, /"asyncInvokeSummaries"/] },
  { script: "retrieve.sh", route: "POST /bedrock/knowledgebases/{id}/retrieve", expect: [/"retrievalResults":\[\{/] },
  { script: "retrieve-and-generate.sh", route: "POST /bedrock/retrieveAndGenerate", expect: [/"output":\{"text":/, /"citations"/] },
  { script: "retrieve-and-generate-stream.sh", route: "POST /bedrock/retrieveAndGenerateStream", expect: [/:event-type...output/] },
  { script: "rerank.sh", route: "POST /bedrock/rerank", expect: [/"results":\[\{"index":1/] },
  { script: "invoke-agent.sh", route: "POST /bedrock/agents/{agentId}/agentAliases/{aliasId}/sessions/{sessionId}/text", expect: [/:event-type...chunk/] },
  { script: "health.sh", route: "GET /health/liveliness, GET /health/readiness", expect: [/"status":"healthy"/, /"status":"ready"/] },
  { script: "model-info.sh", route: "GET /model/info", expect: [/"model_name":"claude"/, /"model_name":"titan-embed"/] },
  { script: "metrics.sh", route: "GET /metrics", expect: [/# TYPE bedrock_gw_requests_total counter/] },
];

// The simulator does not implement flows and sessions. The scripts are still run: the gateway must classify them as
// bedrock-agent-runtime calls and forward them, so the answer is the upstream's own UnknownOperationException
// (relayed with the gateway's request id), never the gateway's 404 for an unknown route.
const NOT_SIMULATED: ScriptCase[] = [
  { script: "invoke-flow.sh", route: "POST /bedrock/flows/...", expect: [/not recognized by the service/] },
  { script: "sessions.sh", route: "POST /bedrock/sessions/...", expect: [/not recognized by the service/] },
];

const KEY_SCRIPTS = ["key-generate.sh", "key-info.sh", "key-list.sh", "key-update.sh", "key-delete.sh", "spend-logs.sh"];

describe("examples/quickstart against `serve --config examples/quickstart/bedrock-gw.yaml --simulate`", () => {
  it("has a script for every route, and every script is tested here", () => {
    const tested = [...BEDROCK_SCRIPTS, ...NOT_SIMULATED].map((c) => c.script).concat(KEY_SCRIPTS);
    expect(readdirSync(CURL_DIR).sort()).toEqual([...tested].sort());
  });

  it.each(BEDROCK_SCRIPTS)("$script ($route)", async ({ script, expect: patterns }) => {
    const result = await run(script);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    for (const pattern of patterns) expect(result.stdout).toMatch(pattern);
  });

  it.each(NOT_SIMULATED)("$script ($route) is forwarded to bedrock-agent-runtime", async ({ script, expect: patterns }) => {
    const result = await run(script);
    expect(result.code).toBe(22); // curl --fail-with-body on the simulator's 404
    for (const pattern of patterns) expect(result.stdout).toMatch(pattern);
  });

  it("refuses the scripts' calls without a valid key", async () => {
    const result = await run("converse.sh", [], { BEDROCK_GW_API_KEY: "sk-wrong" });
    expect(result.code).toBe(22);
    expect(result.stdout).toMatch(/"message"/);
  });

  it("key-generate → the new key calls a model → key-info, key-list, key-update, spend-logs → key-delete", async () => {
    const generated = await run("key-generate.sh");
    expect(generated.code).toBe(0);
    const key = (JSON.parse(generated.stdout) as { key: string }).key;
    expect(key).toMatch(/^sk-/);

    const converse = await run("converse.sh", [], { BEDROCK_GW_API_KEY: key });
    expect(converse.code).toBe(0);

    const info = await run("key-info.sh", [key]);
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/"max_budget":5/);
    const list = await run("key-list.sh");
    expect(list.code).toBe(0);
    const updated = await run("key-update.sh", [key]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toMatch(/"max_budget":10/);

    // spend rows are written off the request path: poll briefly for the virtual key's call
    let spend = await run("spend-logs.sh", ["20"]);
    for (let attempt = 0; attempt < 40 && !spend.stdout.includes('"end_user":"quickstart"'); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      spend = await run("spend-logs.sh", ["20"]);
    }
    expect(spend.code).toBe(0);
    expect(spend.stdout).toMatch(/"end_user":"quickstart"/);

    const deleted = await run("key-delete.sh", [key]);
    expect(deleted.code).toBe(0);
    const afterDelete = await run("converse.sh", [], { BEDROCK_GW_API_KEY: key });
    expect(afterDelete.code).toBe(22);
  });

  it("the key scripts say how to call them when the key argument is missing", async () => {
    for (const script of ["key-info.sh", "key-update.sh", "key-delete.sh"]) {
      const result = await run(script);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/usage: /);
    }
  });
});
