import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGateway, parseConfigText } from "@bedrock-gw/core";
import type { Gateway } from "@bedrock-gw/core";
import { startSimulator } from "@bedrock-gw/simulator";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  converse,
  createRouterConfig,
  modelCalls,
  readDeploymentHealth,
  readMetrics,
  sampleValue,
  useRouterEnvironment,
  waitUntil,
} from "./support/router-harness.js";
import type { RegionSimulator } from "./support/router-harness.js";

const USE1 = "us-east-1";
const USW2 = "us-west-2";
const INTERVAL_S = 0.2;

describe("active health checks (router_settings.health_check_interval)", () => {
  const getEnv = useRouterEnvironment({
    regions: [{ region: USE1 }, { region: USW2 }],
    deployments: [USE1, USW2].map((region) => ({ group: "claude", id: `hc-${region}`, region })),
    router: { health_check_interval: INTERVAL_S, allowed_fails: 1, cooldown_time: 30 },
  });

  it("a deployment whose region fails CountTokens is cooled down without any user call, and calls then avoid it", async () => {
    const env = getEnv();
    const url = env.gateway.url;
    env.region(USW2).injectFault({ kind: "error", name: "InternalServerException", operation: "CountTokens", times: 1000 });
    // allowed_fails 1: the second failed check in a minute cools it down
    await waitUntil(async () => (await readDeploymentHealth(url)).get(`hc-${USW2}`)?.status === "cooling-down", 5000, "hc-us-west-2 cooling down");
    for (const region of [USE1, USW2]) expect(modelCalls(env.region(region))).toHaveLength(0);

    // the checks went through the call path: signed for each deployment's own region, to its own endpoint
    const failed = modelCalls(env.region(USW2), "CountTokens");
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((request) => request.status === 500 && request.region === USW2 && request.signatureValid === true)).toBe(true);
    const passed = modelCalls(env.region(USE1), "CountTokens");
    expect(passed.length).toBeGreaterThanOrEqual(1);
    expect(passed.every((request) => request.status === 200 && request.region === USE1 && request.signatureValid === true)).toBe(true);
    expect(passed[0]!.modelId).toBe("us.anthropic.claude-sonnet-4-20250514-v1:0");
    expect(await readDeploymentHealth(url).then((health) => health.get(`hc-${USE1}`)?.status)).toBe("healthy");

    const samples = await readMetrics(url);
    const labels = (region: string) => ({ deployment_id: `hc-${region}`, model_group: "claude" });
    expect(sampleValue(samples, "bedrock_gw_deployment_health_checks_total", { ...labels(USW2), outcome: "server" })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(samples, "bedrock_gw_deployment_health_checks_total", { ...labels(USE1), outcome: "success" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_cooldowns_total", labels(USW2))).toBe(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_cooling_down", labels(USW2))).toBe(1);

    const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => converse(url, "claude", `after checks ${index}`)));
    expect(answers.map((answer) => answer.status)).toEqual(new Array(10).fill(200));
    expect(modelCalls(env.region(USE1))).toHaveLength(10);
    expect(modelCalls(env.region(USW2))).toHaveLength(0);
  });
});

describe("health checks and gateway.close()", () => {
  it("are off by default, and gateway.close() stops them", async () => {
    const simulator: RegionSimulator = await startSimulator({ port: 0, host: "127.0.0.1", region: USE1 });
    const gateways: Gateway[] = [];
    try {
      const regions = new Map([[USE1, simulator]]);
      const deployments = [{ group: "claude", id: "in-process", region: USE1 }];
      const start = (router: Record<string, unknown>) => {
        const env = { BEDROCK_GW_DATA_DIR: mkdtempSync(join(tmpdir(), "bgw-health-")) };
        const gateway = createGateway(parseConfigText(createRouterConfig(regions, { regions: [], deployments, router }), { env }), {
          logger: pino({ level: "silent" }),
        });
        gateways.push(gateway);
        return gateway;
      };
      const checksSent = () => modelCalls(simulator, "CountTokens").length;
      start({});
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(checksSent()).toBe(0);

      const on = start({ health_check_interval: 0.05 });
      await waitUntil(() => checksSent() >= 2, 3000, "two health checks");
      const countChecks = async () =>
        (await on.metrics.registry.getMetricsAsJSON())
          .find((metric) => metric.name === "bedrock_gw_deployment_health_checks_total")!
          .values.reduce((sum, value) => sum + value.value, 0);
      await on.close();
      // a timer still running after close() would keep counting checks (failing ones: the upstream client is closed)
      const counted = await countChecks();
      const sent = checksSent();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await countChecks()).toBe(counted);
      expect(checksSent()).toBe(sent);
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await simulator.close();
    }
  });
});
