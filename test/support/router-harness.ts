import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { RecordedRequest, Simulator, SimulatorOptions } from "@bedrock-gw/simulator";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@bedrock-gw/simulator";
import { MASTER_KEY, SONNET } from "./fixtures.js";
import type { GatewayProcess } from "./gateway-process.js";
import { startGatewayProcess, writeConfig } from "./gateway-process.js";

/** One simulator standing in for one AWS region: it refuses requests signed for another region, as AWS does. */
export interface RegionSpec extends Omit<SimulatorOptions, "region"> {
  region: string;
}

export interface DeploymentSpec {
  group: string;
  id: string;
  region: string;
  /** the model id (default Claude Sonnet 4 through its US inference profile) */
  model?: string;
  /** more litellm_params: weight, rpm, tpm, ... */
  params?: Record<string, unknown>;
}

export interface RouterEnvironmentOptions {
  regions: RegionSpec[];
  deployments: DeploymentSpec[];
  /** router_settings as an object (written to the config as is) */
  router?: Record<string, unknown>;
  /** how many gateway processes share the config (default 1) */
  instances?: number;
}

export type RegionSimulator = Simulator & { url: string };

export interface RouterEnvironment {
  /** region → its simulator */
  regions: Map<string, RegionSimulator>;
  region(name: string): RegionSimulator;
  gateways: GatewayProcess[];
  /** the first gateway */
  gateway: GatewayProcess;
  close(): Promise<void>;
}

/**
 * A config (JSON, which is YAML) whose deployments each point at their own region's simulator, signed with the
 * simulator's credentials for that region.
 */
export function createRouterConfig(regions: ReadonlyMap<string, RegionSimulator>, options: RouterEnvironmentOptions): string {
  const modelList = options.deployments.map((deployment) => {
    const simulator = regions.get(deployment.region);
    if (!simulator) throw new Error(`no simulator for region ${deployment.region}`);
    return {
      model_name: deployment.group,
      litellm_params: {
        model: `bedrock/${deployment.model ?? SONNET}`,
        aws_region_name: deployment.region,
        aws_access_key_id: SIMULATOR_CREDENTIALS.accessKeyId,
        aws_secret_access_key: SIMULATOR_CREDENTIALS.secretAccessKey,
        aws_bedrock_runtime_endpoint: simulator.url,
        ...deployment.params,
      },
      model_info: { id: deployment.id },
    };
  });
  return JSON.stringify(
    { model_list: modelList, router_settings: options.router ?? {}, general_settings: { master_key: MASTER_KEY } },
    null,
    2,
  );
}

/** One simulator per region, then the gateway process(es) in front of them. */
export async function startRouterEnvironment(options: RouterEnvironmentOptions): Promise<RouterEnvironment> {
  const regions = new Map<string, RegionSimulator>();
  const gateways: GatewayProcess[] = [];
  const close = async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    await Promise.all([...regions.values()].map((simulator) => simulator.close()));
  };
  try {
    for (const spec of options.regions) {
      regions.set(spec.region, await startSimulator({ port: 0, host: "127.0.0.1", ...spec }));
    }
    const configPath = writeConfig(createRouterConfig(regions, options));
    const started = await Promise.all(
      Array.from({ length: options.instances ?? 1 }, () => startGatewayProcess(["--config", configPath], { LOG_LEVEL: "warn" })),
    );
    gateways.push(...started);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    regions,
    region(name) {
      const simulator = regions.get(name);
      if (!simulator) throw new Error(`no simulator for region ${name}`);
      return simulator;
    },
    gateways,
    gateway: gateways[0]!,
    close,
  };
}

/**
 * Registers the suite's hooks: one router environment for the enclosing describe (or file), with every region's
 * recorded requests and faults cleared before each test. Read it through the returned getter.
 */
export function useRouterEnvironment(options: RouterEnvironmentOptions): () => RouterEnvironment {
  let env: RouterEnvironment | undefined;
  beforeAll(async () => {
    env = await startRouterEnvironment(options);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    for (const simulator of env!.regions.values()) {
      simulator.clearFaults();
      simulator.requests.length = 0;
    }
  });
  return () => env!;
}

export interface GatewayAnswer {
  status: number;
  headers: Headers;
  requestId: string;
  text: string;
}

/** POST /bedrock/model/{group}/converse with the master key and a one-message prompt. */
export async function converse(gatewayUrl: string, group: string, prompt: string, headers: Record<string, string> = {}): Promise<GatewayAnswer> {
  const response = await fetch(`${gatewayUrl}/bedrock/model/${encodeURIComponent(group)}/converse`, {
    method: "POST",
    headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ messages: [{ role: "user", content: [{ text: prompt }] }], inferenceConfig: { maxTokens: 16 } }),
  });
  return { status: response.status, headers: response.headers, requestId: response.headers.get("x-bedrock-gw-request-id") ?? "", text: await response.text() };
}

/** Runs `count` tasks, at most `concurrency` at a time; results in task order. */
export async function runConcurrently<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) results[index] = await task(index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** The model calls a region's simulator saw (health-check CountTokens calls left out unless asked for). */
export function modelCalls(simulator: RegionSimulator, operation: RecordedRequest["operation"] = "Converse"): RecordedRequest[] {
  return simulator.requests.filter((request) => request.operation === operation);
}

/** Region → how many Converse calls its simulator saw. */
export function countCallsByRegion(env: RouterEnvironment): Record<string, number> {
  return Object.fromEntries([...env.regions].map(([region, simulator]) => [region, modelCalls(simulator).length]));
}

/** The text of the user prompt a recorded Converse request carried. */
export function readPrompt(request: RecordedRequest): string {
  const body = JSON.parse(request.body.toString("utf8")) as { messages: Array<{ content: Array<{ text: string }> }> };
  return body.messages[0]?.content[0]?.text ?? "";
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** GET /metrics with the master key, flattened to samples. */
export async function readMetrics(gatewayUrl: string): Promise<Sample[]> {
  const response = await fetch(`${gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const families = parsePrometheusTextFormat(await response.text()) as Array<{ name: string; metrics: Array<{ labels?: Record<string, string>; value?: string }> }>;
  return families.flatMap((family) => family.metrics.map((metric) => ({ name: family.name, labels: metric.labels ?? {}, value: Number(metric.value) })));
}

/** The value of the sample with this name whose labels include `labels` (0 when there is none: a counter not yet counted). */
export function sampleValue(samples: readonly Sample[], name: string, labels: Record<string, string>): number {
  const match = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return match?.value ?? 0;
}

export interface DeploymentHealthInfo {
  id: string;
  status: "healthy" | "degraded" | "cooling-down";
  cooldownUntil?: number;
  recentFailures: number;
  inFlight: number;
  latencyMs?: number;
  rpmUsed: number;
}

/** GET /model/info: deployment id → its health. */
export async function readDeploymentHealth(gatewayUrl: string): Promise<Map<string, DeploymentHealthInfo>> {
  const response = await fetch(`${gatewayUrl}/model/info`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
  const { data } = (await response.json()) as { data: Array<{ model_info: { id: string; health: DeploymentHealthInfo } }> };
  return new Map(data.map((entry) => [entry.model_info.id, entry.model_info.health]));
}

/** Polls until `check` holds (or throws after `timeoutMs`). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 3000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
