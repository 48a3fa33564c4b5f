import type { Logger } from "pino";
import { describe, expect, it } from "vitest";
import { makeDeployment } from "../balancing/fixtures/deployments.js";
import { createMetrics } from "../telemetry/create-metrics.js";
import { createRouterTelemetry } from "./create-router-telemetry.js";

function createLogSink() {
  const lines: Array<[level: string, message: string]> = [];
  const logger = {
    info: (_fields: unknown, message: string) => lines.push(["info", message]),
    warn: (_fields: unknown, message: string) => lines.push(["warn", message]),
  } as unknown as Logger;
  return { logger, lines };
}

async function readValues(metrics: ReturnType<typeof createMetrics>, name: string) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((entry) => entry.name === name);
  return (metric?.values ?? []).map((value) => [value.labels, value.value]);
}

describe("createRouterTelemetry", () => {
  const usw2 = makeDeployment("claude-usw2", { region: "us-west-2" });

  it("counts successes, failures by kind, cooldowns and fallbacks per deployment and group", async () => {
    const metrics = createMetrics();
    const { logger, lines } = createLogSink();
    const telemetry = createRouterTelemetry(metrics, logger);
    telemetry.onAttemptSucceeded!(usw2, 120);
    telemetry.onAttemptSucceeded!(usw2, 80);
    telemetry.onAttemptFailed!(usw2, "throttle", 429);
    telemetry.onCooldown!(usw2, Date.now() + 5000);
    telemetry.onFallback!("claude", "claude-backup");
    const labels = { deployment_id: "claude-usw2", model_group: "claude" };
    expect(await readValues(metrics, "bedrock_gw_deployment_successes_total")).toEqual([[labels, 2]]);
    expect(await readValues(metrics, "bedrock_gw_deployment_failures_total")).toEqual([[{ ...labels, kind: "throttle" }, 1]]);
    expect(await readValues(metrics, "bedrock_gw_deployment_cooldowns_total")).toEqual([[labels, 1]]);
    expect(await readValues(metrics, "bedrock_gw_fallbacks_total")).toEqual([[{ model_group: "claude", fallback_group: "claude-backup" }, 1]]);
    expect(lines).toEqual([
      ["warn", "upstream attempt failed"],
      ["warn", "deployment cooling down"],
      ["info", "falling back to another model group"],
    ]);
  });

  it("counts every health check, counts the cooldowns they start, and logs only changes of outcome", async () => {
    const metrics = createMetrics();
    const { logger, lines } = createLogSink();
    const telemetry = createRouterTelemetry(metrics, logger);
    telemetry.onHealthCheck({ deployment: usw2, outcome: "server", status: 500, latencyMs: 3, cooldownUntil: Date.now() + 5000 });
    telemetry.onHealthCheck({ deployment: usw2, outcome: "server", status: 500, latencyMs: 3 });
    telemetry.onHealthCheck({ deployment: usw2, outcome: "success", status: 200, latencyMs: 3 });
    const labels = { deployment_id: "claude-usw2", model_group: "claude" };
    expect(await readValues(metrics, "bedrock_gw_deployment_health_checks_total")).toEqual([
      [{ ...labels, outcome: "server" }, 2],
      [{ ...labels, outcome: "success" }, 1],
    ]);
    expect(await readValues(metrics, "bedrock_gw_deployment_cooldowns_total")).toEqual([[labels, 1]]);
    expect(lines).toEqual([
      ["warn", "health check failed"],
      ["warn", "deployment cooling down"],
      ["info", "health check passed"],
    ]);
  });
});
