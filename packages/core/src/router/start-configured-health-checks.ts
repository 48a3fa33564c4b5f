import type { DeploymentHealth } from "../balancing/deployment-health.js";
import type { ResolvedConfig } from "../config/types.js";
import type { ForwardInput } from "../gateway/forward-call.js";
import type { Logger } from "../telemetry/create-logger.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import { createCountTokensProbe } from "./create-count-tokens-probe.js";
import type { RouterTelemetry } from "./create-router-telemetry.js";
import type { HealthChecks } from "./start-health-checks.js";
import { startHealthChecks } from "./start-health-checks.js";

// LiteLLM's health-check timeout; a shorter interval bounds it, so a round ends before the next one is due
const HEALTH_CHECK_TIMEOUT_MS = 60_000;

export interface HealthCheckWiring {
  health: DeploymentHealth;
  clock: () => number;
  telemetry: Pick<RouterTelemetry, "onHealthCheck">;
  logger: Pick<Logger, "warn">;
  /** the gateway's signing and forwarding path */
  forward: (input: ForwardInput) => Promise<UpstreamResponse>;
}

/**
 * Starts `router_settings.health_check_interval`'s checks: a CountTokens call to every deployment each interval,
 * through the gateway's own forwarding path. `undefined` (nothing started) when the setting is off.
 *
 * @example
 * const checks = startConfiguredHealthChecks(config, { health: router.health, clock, telemetry, logger, forward });
 * checks?.stop(); // on close
 */
export function startConfiguredHealthChecks(config: ResolvedConfig, wiring: HealthCheckWiring): HealthChecks | undefined {
  const intervalSec = config.router.healthCheckInterval;
  if (intervalSec === undefined || config.deployments.length === 0) return undefined;
  const intervalMs = intervalSec * 1000;
  return startHealthChecks({
    deployments: config.deployments,
    intervalMs,
    health: wiring.health,
    probe: createCountTokensProbe(wiring.forward, { timeoutMs: Math.max(1, Math.min(intervalMs, HEALTH_CHECK_TIMEOUT_MS)) }),
    clock: wiring.clock,
    onResult: (result) => wiring.telemetry.onHealthCheck(result),
    onError: (error) => wiring.logger.warn({ err: (error as Error).message }, "health checks failed"),
  });
}
