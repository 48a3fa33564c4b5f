import type { DeploymentHealth } from "../balancing/deployment-health.js";
import type { FailureFacts, FailureKind } from "../balancing/retry-policy.js";
import { classifyFailure, isRetryable, readRetryAfterMs } from "../balancing/retry-policy.js";
import type { ResolvedDeployment } from "../config/types.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";

/** Sends one health-check request to a deployment (signed and forwarded like a call) and returns Bedrock's answer. */
export type HealthProbe = (deployment: ResolvedDeployment, signal: AbortSignal) => Promise<UpstreamResponse>;

export interface HealthCheckResult {
  deployment: ResolvedDeployment;
  /** `success` (an answer below 400), else the failure kind; `client` (e.g. a model without CountTokens) counts against nobody */
  outcome: "success" | FailureKind;
  /** the upstream status, when there was an answer */
  status?: number;
  latencyMs: number;
  /** set when this check started (or lengthened) the deployment's cooldown: until when, epoch ms */
  cooldownUntil?: number;
}

export interface HealthCheckDeps {
  deployments: readonly ResolvedDeployment[];
  intervalMs: number;
  health: DeploymentHealth;
  probe: HealthProbe;
  clock: () => number;
  /** told about every check's result (metrics, logs) */
  onResult?: (result: HealthCheckResult) => void;
  /** told when a round fails as a whole (e.g. shared state unreachable) */
  onError?: (error: unknown) => void;
  /** the timer (default `setInterval`, unref'd so it never keeps the process alive) */
  setInterval?: (run: () => void, ms: number) => { unref?: () => unknown };
  clearInterval?: (timer: unknown) => void;
}

export interface HealthChecks {
  /** checks every deployment once, now, all at once; the timer calls this each interval (skipping a round while one runs) */
  checkAll(): Promise<HealthCheckResult[]>;
  /** stops the timer and aborts the checks in flight (their results are dropped) */
  stop(): void;
}

/**
 * Active health checks: every `intervalMs`, one probe per deployment (bedrock-gw's probe is a free CountTokens
 * call). A failure is recorded into the deployment's health exactly like a failed call, so a throttled, failing or
 * unreachable deployment cools down without any user call having to find out first. A success records nothing:
 * a CountTokens answer is not a generation, so its latency would make every deployment look fast to
 * `latency-based-routing`, and it does not prove the quota is back, so it never ends a cooldown early.
 *
 * @example
 * const checks = startHealthChecks({ deployments: config.deployments, intervalMs: 30_000, health: router.health, probe, clock: Date.now });
 * // on shutdown
 * checks.stop();
 */
export function startHealthChecks(deps: HealthCheckDeps): HealthChecks {
  const stopped = new AbortController();
  let running: Promise<HealthCheckResult[]> | undefined;

  const checkOne = async (deployment: ResolvedDeployment): Promise<HealthCheckResult | undefined> => {
    const started = deps.clock();
    const facts = await deps.probe(deployment, stopped.signal).then(
      (response) => {
        response.body.discard();
        return { response };
      },
      (error: unknown) => ({ error }),
    );
    if (stopped.signal.aborted) return undefined;
    const latencyMs = deps.clock() - started;
    const response = "response" in facts ? facts.response : undefined;
    const status = response?.status;
    const outcome = status !== undefined && status < 400 ? "success" : classifyFailure(toFailureFacts(facts));
    const result: HealthCheckResult = { deployment, outcome, latencyMs, ...(status !== undefined ? { status } : {}) };
    if (outcome !== "success" && isRetryable(outcome)) {
      const retryAfterMs = readRetryAfterMs(headerOf(response, "retry-after"), deps.clock());
      const recorded = await deps.health.recordFailure(deployment.id, {
        kind: outcome,
        latencyMs,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
      if (recorded.cooldownStarted && recorded.cooldownUntil !== undefined) result.cooldownUntil = recorded.cooldownUntil;
    }
    deps.onResult?.(result);
    return result;
  };

  const checkAll = async (): Promise<HealthCheckResult[]> => {
    const results = await Promise.all(deps.deployments.map(checkOne));
    return results.filter((result): result is HealthCheckResult => result !== undefined);
  };

  const tick = (): void => {
    if (running !== undefined || stopped.signal.aborted) return;
    running = checkAll();
    running
      .catch((error: unknown) => deps.onError?.(error))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = (deps.setInterval ?? setInterval)(tick, deps.intervalMs);
  timer.unref?.();

  return {
    checkAll,
    stop() {
      if (stopped.signal.aborted) return;
      stopped.abort();
      (deps.clearInterval ?? clearInterval)(timer as ReturnType<typeof setInterval>);
    },
  };
}

function toFailureFacts(facts: { response: UpstreamResponse } | { error: unknown }): FailureFacts {
  if ("error" in facts) return { error: facts.error };
  const errorType = headerOf(facts.response, "x-amzn-errortype")?.split(":")[0];
  return { status: facts.response.status, ...(errorType !== undefined ? { errorType } : {}) };
}

function headerOf(response: UpstreamResponse | undefined, name: string): string | undefined {
  const value = response?.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

