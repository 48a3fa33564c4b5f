import type { Balancer } from "../balancing/balancer.js";
import { createBalancer } from "../balancing/create-balancer.js";
import type { DeploymentHealth } from "../balancing/deployment-health.js";
import { createDeploymentHealth } from "../balancing/deployment-health.js";
import { computeAllCoolingRetryAfter, resolveFallbackChain } from "../balancing/plan-fallbacks.js";
import type { DeploymentFailure } from "../balancing/deployment-cooldowns.js";
import type { DeploymentFailureKind } from "../balancing/retry-policy.js";
import { classifyFailure, computeBackoffMs, isRetryable, readRetryAfterMs } from "../balancing/retry-policy.js";
import type { AffinityTable } from "../balancing/session-affinity.js";
import { computeAffinityKey, createAffinityTable } from "../balancing/session-affinity.js";
import type { ResolvedConfig, ResolvedDeployment } from "../config/types.js";
import type { SharedState } from "../counters/shared-state.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { RoutePlan } from "../gateway/plan-route.js";
import type { MatchedOperation } from "../routing/types.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import { chooseDeployment } from "./choose-deployment.js";
import { readErrorType } from "../upstream/read-error-type.js";
import type { ClientSignal } from "../internal/client-signal.js";

/** One attempt's upstream call, made by the caller (it signs for the deployment's region and sends). */
export type SendAttempt = (plan: RoutePlan) => Promise<UpstreamResponse>;

export interface GroupCall {
  classified: MatchedOperation;
  group: string;
  send: SendAttempt;
  /** may this group be used (the key's allowlist; applied to fallbacks too)? */
  isGroupAllowed(group: string, deployments: readonly ResolvedDeployment[]): boolean;
  /** the request id: names the in-flight slot */
  slotId: string;
  sessionId?: string;
  keyHash?: string;
  /** how a refusal names the key (`keyName`); absent: "This key" */
  keyName?: string;
  body: Uint8Array | null;
  signal: ClientSignal;
}

export interface RoutedResponse {
  response: UpstreamResponse;
  plan: RoutePlan;
  attempts: number;
  /** call when the call is over (stream ended): frees the in-flight slot, records tokens */
  settle(tokens: number): void;
}

export interface Router {
  readonly health: DeploymentHealth;
  readonly balancer: Balancer;
  /** sends a model-group call: balancing, retries on other deployments, cooldowns, fallbacks to other groups */
  sendToGroup(call: GroupCall): Promise<RoutedResponse>;
}

export interface RouterDeps {
  config: ResolvedConfig;
  state: SharedState;
  clock: () => number;
  random: () => number;
  sleep?: (ms: number, signal: ClientSignal) => Promise<void>;
  /** runs bookkeeping once the answer is on its way to the client (default: `setImmediate`) */
  defer?: (task: () => void) => void;
  /** told about every attempt that got an answer below 400 from the upstream (metrics) */
  onAttemptSucceeded?: (deployment: ResolvedDeployment, latencyMs: number) => void;
  /** told about every failed attempt that counts against the deployment (metrics, logs) */
  onAttemptFailed?: (deployment: ResolvedDeployment, kind: DeploymentFailureKind, status?: number) => void;
  /** told when a failure starts (or lengthens) a deployment's cooldown; `until` is epoch ms */
  onCooldown?: (deployment: ResolvedDeployment, until: number) => void;
  /** told when a call moves on from model group `from` to its fallback `to` */
  onFallback?: (from: string, to: string) => void;
}

const AFFINITY_TTL_MS = 60 * 60_000;

/**
 * The router: makes a model group of several deployments behave like one model. Each attempt goes to a healthy
 * deployment chosen by the strategy (sticky per session with `session_affinity`); a throttle, 5xx, timeout or
 * connection error is retried on another deployment (re-signed for its region), never after a byte has reached
 * the client and never on other 4xx; failing deployments cool down; a group with nobody left falls back to the
 * next group in `fallbacks`. When everything is cooling down the caller gets a 429 with the wait.
 */
export function createRouter(deps: RouterDeps): Router {
  const { config } = deps;
  const settings = config.router;
  const health = createDeploymentHealth({
    state: deps.state,
    clock: deps.clock,
    settings: { allowedFails: settings.allowedFails, cooldownTimeSec: settings.cooldownTime },
  });
  const balancer = createBalancer(settings.routingStrategy);
  const affinity: AffinityTable | undefined = settings.sessionAffinity
    ? createAffinityTable({ state: deps.state, ttlMs: AFFINITY_TTL_MS })
    : undefined;
  const sleep = deps.sleep ?? defaultSleep;
  const defer = deps.defer ?? defaultDefer;

  return {
    health,
    balancer,
    async sendToGroup(call) {
      const groups = [call.group, ...resolveFallbackChain(call.group, settings.fallbacks)];
      const outcome: GroupOutcome = { attempts: 0, coolingUntil: [], limitedRetryMs: [], unavailable: false };
      for (const group of groups) {
        const deployments = config.modelGroups.get(group) ?? [];
        if (deployments.length === 0 || !call.isGroupAllowed(group, deployments)) continue;
        if (outcome.group !== undefined) deps.onFallback?.(outcome.group, group);
        outcome.group = group;
        const served = await tryGroup(call, group, deployments, outcome);
        if (served) return served;
      }
      return finishFailed(call, groups, outcome);
    },
  };

  /**
   * Up to num_retries + 1 attempts on the group's deployments; undefined when the group could not serve, with
   * `outcome.unavailable` saying whether it ended because nobody was available (cooling down or at a limit).
   */
  async function tryGroup(call: GroupCall, group: string, deployments: readonly ResolvedDeployment[], outcome: GroupOutcome) {
    const affinityKey = affinity ? readAffinityKey(call, group) : undefined;
    const request = { slotId: call.slotId, ...(affinityKey !== undefined ? { affinityKey } : {}) };
    const choose = (tried: ReadonlySet<string>) =>
      chooseDeployment(deployments, tried, { health, balancer, random: deps.random, ...(affinity ? { affinity } : {}) }, request);
    const tried = new Set<string>();
    outcome.unavailable = false;
    for (let groupAttempts = 0; groupAttempts <= settings.numRetries; ) {
      let choice = await choose(tried);
      if (choice.kind === "none" && tried.size > 0) {
        // nobody new is left: the ones that failed get another try after a backoff (honouring Retry-After),
        // unless they are all cooling down now, when waiting would not bring anyone back in time
        if (await isAnyWarm(tried)) {
          const wait = computeBackoffMs(groupAttempts, {
            random: deps.random,
            ...(outcome.last?.retryAfterMs !== undefined ? { retryAfterMs: outcome.last.retryAfterMs } : {}),
          });
          if (wait === undefined) return undefined;
          await sleep(wait, call.signal);
        }
        tried.clear();
        choice = await choose(tried);
      }
      if (choice.kind === "none") {
        outcome.coolingUntil.push(...choice.coolingUntil);
        outcome.limitedRetryMs.push(...choice.limitedRetryMs);
        outcome.unavailable = true;
        return undefined;
      }
      groupAttempts++;
      outcome.attempts++;
      const served = await attempt(call, group, choice.deployment, outcome);
      if (served) return served;
      tried.add(choice.deployment.id);
    }
    return undefined;
  }

  async function isAnyWarm(ids: ReadonlySet<string>): Promise<boolean> {
    const cooling = await health.isCoolingDown([...ids]);
    return [...ids].some((id) => cooling.get(id) === undefined);
  }

  /** one attempt on a chosen deployment (its slot is held): a served response, or undefined after a retryable failure */
  async function attempt(call: GroupCall, group: string, deployment: ResolvedDeployment, outcome: GroupOutcome) {
    const plan = toPlan(call, group, deployment);
    const started = deps.clock();
    let response: UpstreamResponse;
    try {
      response = await call.send(plan);
    } catch (error) {
      await health.releaseSlot(deployment.id, call.slotId);
      const kind = classifyFailure({ error });
      if (call.signal.aborted || !isRetryable(kind)) throw error;
      await recordFailure(deployment, { kind, latencyMs: deps.clock() - started });
      replaceLast(outcome, { error, plan });
      return undefined;
    }
    const kind = response.status >= 400 ? classifyFailure({ status: response.status, errorType: readErrorType(headerValue(response, "x-amzn-errortype")) }) : undefined;
    if (kind === undefined || !isRetryable(kind)) {
      if (kind === undefined) {
        const latencyMs = deps.clock() - started;
        // after the answer has gone to the client, and not awaited: a write to shared state (a Redis round trip)
        // and a metric have no business between Bedrock's answer and the client's
        defer(() => {
          // bookkeeping on its own turn of the loop: nothing in it may throw out of there and end the process
          try {
            void health.recordSuccess(deployment.id, latencyMs).catch(() => undefined);
            deps.onAttemptSucceeded?.(deployment, latencyMs);
          } catch {
            // a failing metrics hook loses one count; the call was served
          }
        });
      }
      return served(response, plan, outcome.attempts, deployment, call.slotId);
    }
    const retryAfterMs = readRetryAfterMs(headerValue(response, "retry-after"), deps.clock());
    await health.releaseSlot(deployment.id, call.slotId);
    await recordFailure(deployment, { kind, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, response.status);
    replaceLast(outcome, { response, plan, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    return undefined;
  }

  async function recordFailure(deployment: ResolvedDeployment, failure: DeploymentFailure, status?: number): Promise<void> {
    const result = await health.recordFailure(deployment.id, failure);
    deps.onAttemptFailed?.(deployment, failure.kind, status);
    if (result.cooldownStarted && result.cooldownUntil !== undefined) deps.onCooldown?.(deployment, result.cooldownUntil);
  }

  /** nobody served: everything cooling (or at its limit) is a 429 with the wait; else Bedrock's last answer */
  function finishFailed(call: GroupCall, groups: readonly string[], outcome: GroupOutcome): RoutedResponse {
    if (outcome.group === undefined) {
      const key = call.keyName === undefined ? "This key" : `Key ${call.keyName}`;
      throw new GatewayError("access-denied", `${key} may not use model "${call.group}" or any of its fallbacks.`);
    }
    // the 429 says everything is cooling down, so only when the last group ended with nobody available; a group
    // that used up its retries on real failures answers with Bedrock's last answer instead
    if (outcome.unavailable || !outcome.last) {
      outcome.last?.response?.body.discard();
      const retryAfterSeconds = computeRetryAfterSeconds(outcome, deps.clock());
      throw new GatewayError(
        "rate-limited",
        `Every deployment of "${call.group}"${groups.length > 1 ? " and its fallbacks" : ""} is cooling down or at its rate limit; retry in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
    if (outcome.last.response) return served(outcome.last.response, outcome.last.plan, outcome.attempts);
    throw outcome.last.error;
  }

  function served(response: UpstreamResponse, plan: RoutePlan, attempts: number, deployment?: ResolvedDeployment, slotId?: string): RoutedResponse {
    let settled = false;
    return {
      response,
      plan,
      attempts,
      settle(tokens) {
        if (settled || !deployment || slotId === undefined) return;
        settled = true;
        void health.releaseSlot(deployment.id, slotId).catch(() => undefined);
        if (tokens > 0) void health.recordTokens(deployment.id, tokens).catch(() => undefined);
      },
    };
  }

  function readAffinityKey(call: GroupCall, group: string): string | undefined {
    return computeAffinityKey({
      group,
      operation: call.classified.spec.operation,
      ...(call.sessionId ? { sessionId: call.sessionId } : {}),
      ...(call.keyHash ? { keyHash: call.keyHash } : {}),
      ...(call.body ? { body: call.body } : {}),
    });
  }
}

interface LastFailure {
  plan: RoutePlan;
  response?: UpstreamResponse;
  error?: unknown;
  retryAfterMs?: number;
}

interface GroupOutcome {
  attempts: number;
  coolingUntil: number[];
  limitedRetryMs: number[];
  /** the last group tried (undefined: the key may use none of them) */
  group?: string;
  /** the last group tried ended because none of its deployments was available */
  unavailable: boolean;
  last?: LastFailure;
}

function replaceLast(outcome: GroupOutcome, last: LastFailure): void {
  outcome.last?.response?.body.discard();
  outcome.last = last;
}

/** the wait until the first deployment is back: the soonest end of a cooldown or of a limit's window */
function computeRetryAfterSeconds(outcome: GroupOutcome, now: number): number {
  const cooling = outcome.coolingUntil.length > 0 ? [computeAllCoolingRetryAfter(outcome.coolingUntil, now)] : [];
  const limited = outcome.limitedRetryMs.map((ms) => Math.max(1, Math.ceil(ms / 1000)));
  const waits = [...cooling, ...limited];
  return waits.length > 0 ? Math.min(...waits) : 1;
}

function toPlan(call: GroupCall, group: string, deployment: ResolvedDeployment): RoutePlan {
  return {
    service: call.classified.spec.service,
    operation: call.classified.spec.operation,
    target: deployment,
    path: call.classified.toUpstreamPath(deployment.modelId),
    modelGroup: group,
    deployment,
    modelId: deployment.modelId,
  };
}

function headerValue(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}


function defaultDefer(task: () => void): void {
  setImmediate(task);
}

function defaultSleep(ms: number, signal: ClientSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
