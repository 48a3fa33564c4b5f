import type { DeploymentHealth } from "../balancing/deployment-health.js";
import type { ResolvedDeployment } from "../config/types.js";
import type { Logger } from "../telemetry/create-logger.js";
import type { CounterCell } from "../telemetry/counter-cells.js";
import type { DeploymentState, GatewayMetrics } from "../telemetry/create-metrics.js";
import type { RouterDeps } from "./create-router.js";
import type { HealthCheckResult } from "./start-health-checks.js";

type RouterHooks = Pick<RouterDeps, "onAttemptSucceeded" | "onAttemptFailed" | "onCooldown" | "onFallback">;

export interface RouterTelemetry extends RouterHooks {
  /** counts a health check and logs a failed one (once per change of outcome, so a dead deployment does not flood the log) */
  onHealthCheck(result: HealthCheckResult): void;
}

const labelsOf = (deployment: ResolvedDeployment) => ({ deployment_id: deployment.id, model_group: deployment.modelName });

/**
 * The router's and the health checks' hooks, feeding the per-deployment metrics and the log: successes, failures
 * by kind, cooldowns started, fallbacks between groups, health-check outcomes.
 *
 * @example
 * const telemetry = createRouterTelemetry(metrics, logger);
 * const router = createRouter({ config, state, clock, random, ...telemetry });
 */
export function createRouterTelemetry(metrics: GatewayMetrics, logger: Logger): RouterTelemetry {
  // per deployment: the last health-check outcome logged (a bounded map: one entry per configured deployment)
  const lastOutcome = new Map<string, string>();
  // a served attempt is counted on its deployment's cell (the deployments are the config's: a bounded set)
  const successCells = new WeakMap<ResolvedDeployment, CounterCell>();
  const successCell = (deployment: ResolvedDeployment): CounterCell => {
    let cell = successCells.get(deployment);
    if (cell === undefined) successCells.set(deployment, (cell = metrics.cells.deploymentSuccesses.cell(labelsOf(deployment))));
    return cell;
  };
  const onCooldown = (deployment: ResolvedDeployment, until: number): void => {
    metrics.deploymentCooldowns.inc(labelsOf(deployment));
    logger.warn({ deploymentId: deployment.id, region: deployment.region, until: new Date(until).toISOString() }, "deployment cooling down");
  };
  return {
    onCooldown,
    onAttemptSucceeded: (deployment) => successCell(deployment).inc(),
    onAttemptFailed(deployment, kind, status) {
      metrics.deploymentFailures.inc({ ...labelsOf(deployment), kind });
      logger.warn({ deploymentId: deployment.id, region: deployment.region, kind, status }, "upstream attempt failed");
    },
    onFallback(from, to) {
      metrics.fallbacks.inc({ model_group: from, fallback_group: to });
      logger.info({ from, to }, "falling back to another model group");
    },
    onHealthCheck(result) {
      const { deployment, outcome } = result;
      metrics.healthChecks.inc({ ...labelsOf(deployment), outcome });
      if (lastOutcome.get(deployment.id) !== outcome) {
        lastOutcome.set(deployment.id, outcome);
        const fields = { deploymentId: deployment.id, region: deployment.region, outcome, status: result.status, latencyMs: result.latencyMs };
        if (outcome === "success") logger.info(fields, "health check passed");
        else logger.warn(fields, "health check failed");
      }
      if (result.cooldownUntil !== undefined) onCooldown(deployment, result.cooldownUntil);
    },
  };
}

/**
 * Whether each deployment is cooling down now, from the shared state (so every instance's cooldowns), for the
 * `deployment_cooling_down` gauge.
 *
 * @example
 * createMetrics({ readDeploymentStates: () => readDeploymentStates(config.deployments, router.health) });
 */
export async function readDeploymentStates(deployments: readonly ResolvedDeployment[], health: DeploymentHealth): Promise<DeploymentState[]> {
  const cooling = await health.isCoolingDown(deployments.map((deployment) => deployment.id));
  return deployments.map((deployment) => ({
    deploymentId: deployment.id,
    modelGroup: deployment.modelName,
    coolingDown: cooling.get(deployment.id) !== undefined,
  }));
}
