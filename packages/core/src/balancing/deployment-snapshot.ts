import type { ResolvedDeployment } from "../config/types.js";
import type { SharedState } from "../counters/shared-state.js";
import type { BalancerNeed, DeploymentView } from "./balancer.js";
import type { DeploymentCooldowns } from "./deployment-cooldowns.js";
import { formatDeploymentKey } from "./deployment-keys.js";
import type { DeploymentUsage } from "./deployment-usage.js";
import type { LatencyTracker } from "./latency-tracker.js";

/** One deployment's state for `/model/info`. */
export interface DeploymentSnapshot {
  id: string;
  modelName: string;
  /** cooling down; else degraded when it failed in the last minute; else healthy */
  status: "healthy" | "degraded" | "cooling-down";
  /** epoch ms */
  cooldownUntil?: number;
  /** failures in the last minute (rounded sliding estimate) */
  recentFailures: number;
  inFlight: number;
  latencyMs?: number;
  rpmUsed: number;
  tpmUsed: number;
  rpm?: number;
  tpm?: number;
  maxParallelRequests?: number;
}

/** The parts of deployment health that the readings below combine. */
export interface HealthParts {
  state: SharedState;
  cooldowns: DeploymentCooldowns;
  usage: DeploymentUsage;
  latency: LatencyTracker;
}

const countInFlight = (state: SharedState, deployment: ResolvedDeployment) => state.countSlots(formatDeploymentKey(deployment.id, "inflight"));

/**
 * The views a balancer picks from, reading only what it `needs` (and usage only for limits that are set).
 *
 * @example
 * await readDeploymentViews(parts, group, ["inFlight"]) // [{ deployment, inFlight: 2 }, ...]
 */
export async function readDeploymentViews(
  parts: HealthParts,
  deployments: readonly ResolvedDeployment[],
  needs: readonly BalancerNeed[],
): Promise<DeploymentView[]> {
  const want = new Set(needs);
  const ids = deployments.map((deployment) => deployment.id);
  const [inFlight, latencies, usages] = await Promise.all([
    want.has("inFlight") ? Promise.all(deployments.map((deployment) => countInFlight(parts.state, deployment))) : undefined,
    want.has("latency") ? parts.latency.read(ids) : undefined,
    want.has("usage") ? Promise.all(deployments.map((deployment) => parts.usage.readUsage(deployment, { onlyLimited: true }))) : undefined,
  ]);
  return deployments.map((deployment, index) => {
    const latencyMs = latencies?.[index];
    return {
      deployment,
      ...(inFlight !== undefined ? { inFlight: inFlight[index] ?? 0 } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...usages?.[index],
    };
  });
}

/**
 * Everything known about each deployment, for `/model/info`.
 *
 * @example
 * await readDeploymentSnapshots(parts, config.deployments) // [{ id: "claude-usw2", status: "healthy", inFlight: 3, ... }]
 */
export async function readDeploymentSnapshots(parts: HealthParts, deployments: readonly ResolvedDeployment[]): Promise<DeploymentSnapshot[]> {
  const ids = deployments.map((deployment) => deployment.id);
  const [cooling, latencies, rows] = await Promise.all([
    parts.cooldowns.isCoolingDown(ids),
    parts.latency.read(ids),
    Promise.all(
      deployments.map((deployment) =>
        Promise.all([parts.cooldowns.readRecentFailures(deployment.id), countInFlight(parts.state, deployment), parts.usage.readUsage(deployment)]),
      ),
    ),
  ]);
  return deployments.map((deployment, index) => {
    const [failures, inFlight, used] = rows[index] ?? [0, 0, { rpmUsed: 0, tpmUsed: 0 }];
    return toSnapshot(deployment, { cooldownUntil: cooling.get(deployment.id), latencyMs: latencies[index], failures, inFlight, ...used });
  });
}

interface SnapshotReadings {
  cooldownUntil: number | undefined;
  latencyMs: number | undefined;
  failures: number;
  inFlight: number;
  rpmUsed: number;
  tpmUsed: number;
}

function toSnapshot(deployment: ResolvedDeployment, readings: SnapshotReadings): DeploymentSnapshot {
  const recentFailures = Math.round(readings.failures);
  const status = readings.cooldownUntil !== undefined ? "cooling-down" : recentFailures > 0 ? "degraded" : "healthy";
  return {
    id: deployment.id,
    modelName: deployment.modelName,
    status,
    ...(readings.cooldownUntil !== undefined ? { cooldownUntil: readings.cooldownUntil } : {}),
    recentFailures,
    inFlight: readings.inFlight,
    ...(readings.latencyMs !== undefined ? { latencyMs: readings.latencyMs } : {}),
    rpmUsed: Math.round(readings.rpmUsed),
    tpmUsed: Math.round(readings.tpmUsed),
    ...(deployment.rpm !== undefined ? { rpm: deployment.rpm } : {}),
    ...(deployment.tpm !== undefined ? { tpm: deployment.tpm } : {}),
    ...(deployment.maxParallelRequests !== undefined ? { maxParallelRequests: deployment.maxParallelRequests } : {}),
  };
}
