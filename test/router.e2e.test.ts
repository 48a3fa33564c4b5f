import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { createRuntimeClient } from "./support/clients.js";
import { MASTER_KEY } from "./support/fixtures.js";
import { runCli, writeConfig } from "./support/gateway-process.js";
import type { DeploymentSpec, RouterEnvironment } from "./support/router-harness.js";
import {
  converse,
  countCallsByRegion,
  modelCalls,
  readDeploymentHealth,
  readMetrics,
  readPrompt,
  sampleValue,
  useRouterEnvironment,
} from "./support/router-harness.js";
import { waitForSpendRow } from "./support/spend.js";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const USE1 = "us-east-1";
const USW2 = "us-west-2";
const EUC1 = "eu-central-1";

/** A group with one deployment per region, ids `{group}-{region}`. */
const group = (name: string, regions: string[], params: Record<string, Record<string, unknown>> = {}): DeploymentSpec[] =>
  regions.map((region) => ({ group: name, id: `${name}-${region}`, region, params: params[region] ?? {} }));

// One gateway, three regions (a simulator each, refusing requests signed for another region), a group per test so
// that one test's cooldowns (5 s) never touch another's.
const getEnv = useRouterEnvironment({
  regions: [{ region: USE1 }, { region: USW2 }, { region: EUC1 }],
  deployments: [
    ...group("claude", [USE1, USW2]),
    { group: "claude-backup", id: "backup-eu-central-1", region: EUC1, model: HAIKU },
    ...group("tri", [USE1, USW2, EUC1]),
    // weights make us-east-1 the usual first pick; the test does not depend on it, it only gets there sooner
    ...group("pair", [USE1, USW2], { [USE1]: { weight: 9 }, [USW2]: { weight: 1 } }),
    ...group("stream", [USE1, USW2]),
    ...group("cool", [USE1, USW2]),
    ...group("sticky", [USE1, USW2, EUC1]),
  ],
  router: {
    routing_strategy: "simple-shuffle",
    num_retries: 2,
    cooldown_time: 5,
    allowed_fails: 3,
    fallbacks: [{ claude: ["claude-backup"] }],
    session_affinity: true,
  },
});

const ALWAYS = 1000;

/** The region whose simulator answered the Converse call carrying `prompt` with a 200. */
function servedBy(env: RouterEnvironment, prompt: string): string | undefined {
  return [...env.regions].find(([, simulator]) => modelCalls(simulator).some((request) => request.status === 200 && readPrompt(request) === prompt))?.[0];
}

/** Calls `group` until the region's simulator has seen a call (it is picked at random), at most `limit` times. */
async function callUntilRegionHit(env: RouterEnvironment, groupName: string, region: string, limit = 40) {
  const answers = [];
  for (let index = 0; index < limit && modelCalls(env.region(region)).length === 0; index++) {
    answers.push({ prompt: `${groupName} ${index}`, answer: await converse(env.gateway.url, groupName, `${groupName} ${index}`) });
  }
  expect(modelCalls(env.region(region)), `${region} was never picked in ${limit} calls`).toHaveLength(1);
  return answers;
}

describe("retries and cooldowns", () => {
  it("a throttling region: every call still succeeds via the others, and the region cools down (/model/info, /metrics)", async () => {
    const env = getEnv();
    env.region(USW2).injectFault({ kind: "throttle", times: ALWAYS });
    const first = await callUntilRegionHit(env, "tri", USW2);
    const more = await Promise.all(Array.from({ length: 20 }, (_, index) => converse(env.gateway.url, "tri", `tri more ${index}`)));
    expect([...first.map((entry) => entry.answer), ...more].every((answer) => answer.status === 200)).toBe(true);
    // it was tried once, throttled, and skipped from then on
    expect(modelCalls(env.region(USW2)).map((request) => request.status)).toEqual([429]);
    const served = countCallsByRegion(env);
    expect(served[USE1]! + served[EUC1]!).toBe(first.length + 20);

    const health = await readDeploymentHealth(env.gateway.url);
    expect(health.get("tri-us-west-2")).toMatchObject({ status: "cooling-down", recentFailures: 1 });
    expect(health.get("tri-us-west-2")!.cooldownUntil).toBeGreaterThan(Date.now());
    expect(health.get("tri-us-east-1")?.status).toBe("healthy");

    const samples = await readMetrics(env.gateway.url);
    const labels = (region: string) => ({ deployment_id: `tri-${region}`, model_group: "tri" });
    expect(sampleValue(samples, "bedrock_gw_deployment_cooldowns_total", labels(USW2))).toBe(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_failures_total", { ...labels(USW2), kind: "throttle" })).toBe(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_cooling_down", labels(USW2))).toBe(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_cooling_down", labels(USE1))).toBe(0);
    expect(sampleValue(samples, "bedrock_gw_deployment_successes_total", labels(USW2))).toBe(0);
    expect(
      sampleValue(samples, "bedrock_gw_deployment_successes_total", labels(USE1)) +
        sampleValue(samples, "bedrock_gw_deployment_successes_total", labels(EUC1)),
    ).toBe(first.length + 20);
  });

  it("a retry is re-signed for the new region, and the spend row names the deployment that served and the attempts", async () => {
    const env = getEnv();
    env.region(USE1).injectFault({ kind: "throttle", times: ALWAYS });
    const answers = await callUntilRegionHit(env, "pair", USE1);
    expect(answers.every((entry) => entry.answer.status === 200)).toBe(true);
    const [throttled] = modelCalls(env.region(USE1));
    expect(throttled).toMatchObject({ region: USE1, signatureValid: true, status: 429 });
    const retried = modelCalls(env.region(USW2)).find((request) => readPrompt(request) === readPrompt(throttled!));
    // us-west-2's simulator refuses a signature scoped to another region: a 200 there proves the re-signing
    expect(retried).toMatchObject({ region: USW2, signatureValid: true, status: 200 });
    expect(retried!.receivedAt).toBeGreaterThanOrEqual(throttled!.receivedAt);

    const retriedCall = answers.at(-1)!;
    expect(readPrompt(throttled!)).toBe(retriedCall.prompt);
    const row = await waitForSpendRow(env.gateway.url, retriedCall.answer.requestId);
    expect(row).toMatchObject({ deployment_id: "pair-us-west-2", region: USW2, attempts: 2, model_group: "pair", status: "success" });
    if (answers.length > 1) {
      const plain = await waitForSpendRow(env.gateway.url, answers[0]!.answer.requestId);
      expect(plain).toMatchObject({ deployment_id: "pair-us-west-2", attempts: 1 });
    }
  });

  it("no retry once the stream has started: the client gets the exception frame, and the other region sees nothing", async () => {
    const env = getEnv();
    const client = createRuntimeClient(env.gateway.url, MASTER_KEY, "http1");
    const out = await client.send(
      new ConverseStreamCommand({ modelId: "stream", messages: [{ role: "user", content: [{ text: "tell me a story [[sim:stream-error after=2]]" }] }] }),
    );
    const events: string[] = [];
    let caught: unknown;
    try {
      for await (const event of out.stream!) events.push(Object.keys(event)[0]!);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error | undefined)?.name).toBe("ModelStreamErrorException");
    expect(events).toHaveLength(2);
    const streams = [USE1, USW2].map((region) => modelCalls(env.region(region), "ConverseStream"));
    expect(streams.flat()).toHaveLength(1);
    expect(streams.flat()[0]).toMatchObject({ eventsSent: 2, errorType: "ModelStreamErrorException", completed: true });
    expect(env.region(EUC1).requests).toHaveLength(0);
  });

  it("every deployment of claude throttling: the call falls back to claude-backup", async () => {
    const env = getEnv();
    env.region(USE1).injectFault({ kind: "throttle", times: ALWAYS });
    env.region(USW2).injectFault({ kind: "throttle", times: ALWAYS });
    const answer = await converse(env.gateway.url, "claude", "fall back please");
    expect(answer.status).toBe(200);
    expect(modelCalls(env.region(USE1)).map((request) => request.status)).toEqual([429]);
    expect(modelCalls(env.region(USW2)).map((request) => request.status)).toEqual([429]);
    expect(modelCalls(env.region(EUC1))).toHaveLength(1);
    expect(modelCalls(env.region(EUC1))[0]).toMatchObject({ modelId: HAIKU, region: EUC1, signatureValid: true, status: 200 });
    const row = await waitForSpendRow(env.gateway.url, answer.requestId);
    expect(row).toMatchObject({ deployment_id: "backup-eu-central-1", attempts: 3, model: HAIKU });
    const samples = await readMetrics(env.gateway.url);
    expect(sampleValue(samples, "bedrock_gw_fallbacks_total", { model_group: "claude", fallback_group: "claude-backup" })).toBe(1);
  });

  it("everything cooling down: 429 ThrottlingException with Retry-After, the message naming the wait, and no upstream call", async () => {
    const env = getEnv();
    env.region(USE1).injectFault({ kind: "throttle", times: ALWAYS });
    env.region(USW2).injectFault({ kind: "throttle", times: ALWAYS });
    for (const attempt of [1, 2]) {
      const answer = await converse(env.gateway.url, "cool", `cool ${attempt}`);
      expect(answer.status).toBe(429);
      expect(answer.headers.get("x-amzn-errortype")).toBe("ThrottlingException");
      const retryAfter = Number(answer.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(5);
      expect(JSON.parse(answer.text)).toEqual({
        message: `Every deployment of "cool" is cooling down or at its rate limit; retry in ${retryAfter} s.`,
      });
    }
    // the first call tried each region once; the second found both cooling and sent nothing
    expect(countCallsByRegion(env)).toEqual({ [USE1]: 1, [USW2]: 1, [EUC1]: 0 });
  });
});

describe("session affinity (x-bedrock-gw-session-id)", () => {
  it("keeps each session on one deployment over many calls, and moves it only when that deployment fails", async () => {
    const env = getEnv();
    const url = env.gateway.url;
    const sessions = Array.from({ length: 10 }, (_, index) => `session-${index}`);
    const home = new Map<string, string>();
    for (const session of sessions) {
      for (let call = 0; call < 5; call++) {
        const prompt = `${session} call ${call}`;
        expect((await converse(url, "sticky", prompt, { "x-bedrock-gw-session-id": session })).status).toBe(200);
        const region = servedBy(env, prompt)!;
        if (call === 0) home.set(session, region);
        expect(region, `${session} moved on call ${call}`).toBe(home.get(session));
      }
    }
    // sessions are spread by the strategy (all 10 on one of 3 deployments: p ≈ 5e-5)
    expect(new Set(home.values()).size).toBeGreaterThanOrEqual(2);

    const [moved, original] = [sessions[0]!, home.get(sessions[0]!)!];
    const untouched = sessions.find((session) => home.get(session) !== original)!;
    env.region(original).injectFault({ kind: "throttle", times: ALWAYS });
    const prompts = Array.from({ length: 10 }, (_, call) => `${moved} after ${call}`);
    for (const prompt of prompts) expect((await converse(url, "sticky", prompt, { "x-bedrock-gw-session-id": moved })).status).toBe(200);
    const newHome = servedBy(env, prompts[0]!)!;
    expect(newHome).not.toBe(original);
    expect(prompts.map((prompt) => servedBy(env, prompt))).toEqual(new Array(10).fill(newHome));
    // the failed deployment saw the one throttled attempt, then nothing more
    expect(modelCalls(env.region(original)).filter((request) => request.status === 429)).toHaveLength(1);
    for (let call = 0; call < 5; call++) {
      const prompt = `${untouched} after ${call}`;
      await converse(url, "sticky", prompt, { "x-bedrock-gw-session-id": untouched });
      expect(servedBy(env, prompt)).toBe(home.get(untouched));
    }
  });
});

describe("a bad router config", () => {
  it("stops the start (non-zero exit) naming the path of every bad field: cycle, unknown group, weight ≤ 0, unknown strategy", async () => {
    // the config module reports every problem at once (each alone is a unit test in config-validation.test.ts)
    const deployment = (name: string, params: Record<string, unknown> = {}) => ({
      model_name: name,
      litellm_params: { model: `bedrock/${HAIKU}`, aws_region_name: USE1, ...params },
    });
    const path = writeConfig(
      JSON.stringify({
        model_list: [deployment("a"), deployment("b", { weight: 0 }), deployment("c", { weight: -2 })],
        router_settings: {
          routing_strategy: "round-robin",
          fallbacks: [{ a: ["b"] }, { b: ["a"] }, { c: ["nope"] }],
          health_check_interval: 0,
        },
      }),
    );
    const result = await runCli(["serve", "--config", path, "--port", "0"]);
    expect(result.code).toBe(1);
    for (const line of [
      "model_list[1].litellm_params.weight: must be > 0, got 0",
      "model_list[2].litellm_params.weight: must be > 0, got -2",
      'router_settings.routing_strategy: must be one of "simple-shuffle", "least-busy", "latency-based-routing"',
      'router_settings.fallbacks[2].c[0]: "nope" is not a model_name in model_list',
      "router_settings.fallbacks: fallback cycle a → b → a: a group must not fall back to itself",
      "router_settings.health_check_interval: must be > 0, got 0",
    ]) {
      expect(result.stderr).toContain(line);
    }
  });
});
