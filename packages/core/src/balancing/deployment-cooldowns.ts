import type { SharedState } from "../counters/shared-state.js";
import { DEPLOYMENT_WINDOW_MS, createDeploymentKeyFormatter } from "./deployment-keys.js";
import type { DeploymentFailureKind } from "./retry-policy.js";

export interface CooldownSettings {
  /** failures tolerated within a minute; the next one cools the deployment down (`allowed_fails`) */
  allowedFails: number;
  /** how long a cooldown lasts, in seconds (`cooldown_time`); 0 = only an upstream Retry-After cools down */
  cooldownTimeSec: number;
  /** the longest cooldown an upstream Retry-After may ask for (default 5 min; `cooldown_time` is never cut) */
  maxRetryAfterMs?: number;
}

export interface DeploymentFailure {
  kind: DeploymentFailureKind;
  /** the upstream's Retry-After, in ms */
  retryAfterMs?: number;
  /** how long the failed attempt took, in ms (folded into the latency average, so a deployment that times out stops looking fast) */
  latencyMs?: number;
}

export interface FailureOutcome {
  /** failures in the last minute, this one included (a sliding estimate, may be fractional) */
  recentFailures: number;
  /** set when the deployment is now cooling down: until when (epoch ms), this failure's or a longer earlier one */
  cooldownUntil?: number;
  /** with `cooldownUntil`: this failure started (or lengthened) the cooldown, rather than finding a longer one running */
  cooldownStarted?: boolean;
}

export const DEFAULT_MAX_RETRY_AFTER_COOLDOWN_MS = 300_000;

// "no limit" for a counter that is only counted; a finite number, since a Redis script cannot take Infinity
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/**
 * Failure counting and cooldowns, shared by every gateway instance through `state`. A failure is counted in a
 * sliding 60 s window; once the count exceeds `allowedFails` (LiteLLM's "more than allowed_fails"), the deployment
 * cools down for `cooldownTimeSec`. A throttle (429, quota, model not ready), or any failure that carries a
 * Retry-After, cools it down at once: the upstream has said this deployment cannot take more now. A Retry-After
 * longer than `cooldownTimeSec` lengthens that cooldown (capped at `maxRetryAfterMs`). An existing longer
 * cooldown is never shortened.
 *
 * @example
 * const cooldowns = createDeploymentCooldowns({ state, clock: Date.now, settings: { allowedFails: 3, cooldownTimeSec: 5 } });
 * await cooldowns.recordFailure("claude-usw2", { kind: "throttle" }) // { recentFailures: 1, cooldownUntil: now + 5000 }
 */
export function createDeploymentCooldowns(deps: { state: SharedState; clock: () => number; settings: CooldownSettings }) {
  const { state, clock, settings } = deps;
  const cooldownMs = Math.max(0, settings.cooldownTimeSec * 1000);
  const maxRetryAfterMs = settings.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_COOLDOWN_MS;
  const cooldownKey = createDeploymentKeyFormatter("cooldown");
  const failsKey = createDeploymentKeyFormatter("fails");

  const startCooldown = async (id: string, durationMs: number): Promise<{ cooldownUntil: number; cooldownStarted: boolean }> => {
    const key = cooldownKey(id);
    const until = clock() + durationMs;
    const [current] = await state.getValues([key]);
    const currentUntil = readUntil(current);
    if (currentUntil !== undefined && currentUntil >= until) return { cooldownUntil: currentUntil, cooldownStarted: false };
    await state.setValue(key, String(until), durationMs);
    return { cooldownUntil: until, cooldownStarted: true };
  };

  return {
    async recordFailure(id: string, failure: DeploymentFailure): Promise<FailureOutcome> {
      const counted = await state.consume(failsKey(id), 1, UNLIMITED, DEPLOYMENT_WINDOW_MS, "fits");
      const retryAfterMs = failure.retryAfterMs !== undefined && failure.retryAfterMs > 0 ? failure.retryAfterMs : 0;
      const immediate = failure.kind === "throttle" || retryAfterMs > 0;
      if (!immediate && counted.used <= settings.allowedFails) return { recentFailures: counted.used };
      const durationMs = Math.max(cooldownMs, Math.min(retryAfterMs, maxRetryAfterMs));
      if (durationMs <= 0) return { recentFailures: counted.used };
      return { recentFailures: counted.used, ...(await startCooldown(id, durationMs)) };
    },

    /** id → cooling down until (epoch ms), or undefined when the deployment is available; one read for all ids */
    async isCoolingDown(ids: readonly string[]): Promise<Map<string, number | undefined>> {
      const values = await state.getValues(ids.map(cooldownKey));
      const now = clock();
      const cooling = new Map<string, number | undefined>();
      for (let index = 0; index < ids.length; index++) {
        const until = readUntil(values[index]);
        cooling.set(ids[index]!, until !== undefined && until > now ? until : undefined);
      }
      return cooling;
    },

    /** failures counted in the last minute */
    readRecentFailures(id: string): Promise<number> {
      return state.peek(failsKey(id), DEPLOYMENT_WINDOW_MS);
    },
  };
}

export type DeploymentCooldowns = ReturnType<typeof createDeploymentCooldowns>;

function readUntil(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const until = Number(value);
  return Number.isFinite(until) ? until : undefined;
}
