import { describe, expect, it } from "vitest";
import type { DeploymentState } from "./create-metrics.js";
import { createMetrics } from "./create-metrics.js";

describe("createMetrics: per-deployment series", () => {
  it("reads deployment_cooling_down from the shared state at each scrape", async () => {
    let states: DeploymentState[] = [
      { deploymentId: "claude-use1", modelGroup: "claude", coolingDown: true },
      { deploymentId: "claude-usw2", modelGroup: "claude", coolingDown: false },
    ];
    const metrics = createMetrics({ readDeploymentStates: async () => states });
    const first = await metrics.registry.metrics();
    expect(first).toContain('bedrock_gw_deployment_cooling_down{deployment_id="claude-use1",model_group="claude"} 1');
    expect(first).toContain('bedrock_gw_deployment_cooling_down{deployment_id="claude-usw2",model_group="claude"} 0');
    states = [{ deploymentId: "claude-use1", modelGroup: "claude", coolingDown: false }];
    const second = await metrics.registry.metrics();
    expect(second).toContain('bedrock_gw_deployment_cooling_down{deployment_id="claude-use1",model_group="claude"} 0');
    // a deployment that left the readings leaves the gauge too
    expect(second).not.toContain("claude-usw2");
  });

  it("keeps the last reading when the shared state cannot be read, and the scrape still succeeds", async () => {
    let fail = false;
    const metrics = createMetrics({
      readDeploymentStates: async () => {
        if (fail) throw new Error("redis down");
        return [{ deploymentId: "a", modelGroup: "g", coolingDown: true }];
      },
    });
    await metrics.registry.metrics();
    fail = true;
    expect(await metrics.registry.metrics()).toContain('bedrock_gw_deployment_cooling_down{deployment_id="a",model_group="g"} 1');
  });

  it("declares every per-deployment series with its help and type", async () => {
    const text = await createMetrics().registry.metrics();
    for (const [name, type] of [
      ["bedrock_gw_deployment_successes_total", "counter"],
      ["bedrock_gw_deployment_failures_total", "counter"],
      ["bedrock_gw_deployment_cooldowns_total", "counter"],
      ["bedrock_gw_fallbacks_total", "counter"],
      ["bedrock_gw_deployment_health_checks_total", "counter"],
      ["bedrock_gw_deployment_cooling_down", "gauge"],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}`);
    }
  });
});
