import type { SharedState } from "../counters/shared-state.js";
import { GatewayError } from "../errors/gateway-error.js";
import { computeBudgetWindow } from "../keys/compute-budget-window.js";
import type { KeyStore, VirtualKey } from "../keys/virtual-key.js";
import { keyName } from "../keys/virtual-key.js";

/** What a call took from its key's limits, given back or settled when the call ends. */
export interface KeyAdmission {
  /** frees the parallel slot, counts the tokens against tpm, replaces the budget estimate by the real cost */
  settle(outcome: { cost: number | null; tokens: number }): void;
}

export interface KeyLimiter {
  /** takes a slot, an rpm unit and a budget reservation, or throws 429 / 400 with when to retry */
  admit(keyHash: string, key: VirtualKey, requestId: string, estimatedCost: number): Promise<KeyAdmission>;
}

const MINUTE = 60_000;
/** a parallel slot of a crashed process frees itself after this long */
const SLOT_TTL_MS = 15 * MINUTE;
/** an all-time budget counter is kept this long without use */
const ALL_TIME_TTL_MS = 30 * 24 * 60 * MINUTE;

/**
 * Enforces a virtual key's `max_parallel_requests`, `rpm_limit`, `tpm_limit` and `max_budget` on shared state, so
 * the limits hold across workers and instances. Rate windows are sliding 60-second windows. A budget is reserved
 * before the call (an estimate) and settled with the real cost after. A call is admitted while the counter (real
 * costs plus in-flight estimates) is under the budget, so the spend can exceed `max_budget` by at most the last
 * admitted call's cost plus what the calls in flight spend beyond their estimates.
 */
export function createKeyLimiter(deps: { state: SharedState; store: Pick<KeyStore, "sumSpend">; clock: () => number }): KeyLimiter {
  const { state } = deps;
  return {
    async admit(keyHash, key, requestId, estimatedCost) {
      const name = `key ${keyName(key)}`;
      const undo: Array<() => Promise<void>> = [];
      try {
        if (key.maxParallelRequests !== undefined) {
          const slot = await state.acquire(`key:${keyHash}:parallel`, requestId, key.maxParallelRequests, SLOT_TTL_MS);
          if (!slot.allowed) throw throttled(`The ${name} already has ${slot.current} calls in flight (max_parallel_requests ${key.maxParallelRequests}).`, 1000);
          undo.push(() => state.release(`key:${keyHash}:parallel`, requestId));
        }
        if (key.rpmLimit !== undefined) {
          const rpm = await state.consume(`key:${keyHash}:rpm`, 1, key.rpmLimit, MINUTE, "fits");
          if (!rpm.allowed) throw throttled(`The ${name} is over its rpm_limit of ${key.rpmLimit} requests per minute.`, rpm.retryAfterMs);
          // a call that a later check refuses was never made: it must not use up one of the minute's requests
          undo.push(() => state.record(`key:${keyHash}:rpm`, -1, MINUTE));
        }
        if (key.tpmLimit !== undefined) {
          const tpm = await state.consume(`key:${keyHash}:tpm`, 0, key.tpmLimit, MINUTE, "under");
          if (!tpm.allowed) throw throttled(`The ${name} is over its tpm_limit of ${key.tpmLimit} tokens per minute.`, tpm.retryAfterMs);
        }
        const budget = key.maxBudget === undefined ? undefined : await reserveBudget(keyHash, key, name, estimatedCost);
        return createAdmission(keyHash, key, requestId, budget);
      } catch (error) {
        await Promise.allSettled(undo.map((step) => step()));
        throw error;
      }
    },
  };

  async function reserveBudget(keyHash: string, key: VirtualKey, name: string, estimate: number) {
    const now = deps.clock();
    const window = computeBudgetWindow(key, new Date(now));
    const counter = `key:${keyHash}:budget:${window.start?.getTime() ?? "all"}`;
    const expiresAt = window.end?.getTime() ?? now + ALL_TIME_TTL_MS;
    const reserved = await state.reserveBudget(counter, estimate, key.maxBudget!, expiresAt, () =>
      deps.store.sumSpend(keyHash, window.start),
    );
    if (!reserved.allowed) {
      const resets = window.end ? `it resets at ${window.end.toISOString()}` : "it has no budget_duration, so it does not reset";
      throw new GatewayError(
        "budget-exceeded",
        `The ${name} has spent $${reserved.used.toFixed(6)} of its max_budget of $${key.maxBudget}${key.budgetDuration ? ` per ${key.budgetDuration}` : ""}; ${resets}.`,
      );
    }
    return { counter, expiresAt, estimate };
  }

  function createAdmission(keyHash: string, key: VirtualKey, requestId: string, budget?: { counter: string; expiresAt: number; estimate: number }): KeyAdmission {
    let settled = false;
    return {
      settle({ cost, tokens }) {
        if (settled) return;
        settled = true;
        const steps: Array<Promise<void>> = [];
        if (key.maxParallelRequests !== undefined) steps.push(state.release(`key:${keyHash}:parallel`, requestId));
        if (key.tpmLimit !== undefined && tokens > 0) steps.push(state.record(`key:${keyHash}:tpm`, tokens, MINUTE));
        if (budget) steps.push(state.adjustBudget(budget.counter, (cost ?? 0) - budget.estimate, budget.expiresAt));
        void Promise.allSettled(steps);
      },
    };
  }
}

function throttled(message: string, retryAfterMs: number): GatewayError {
  return new GatewayError("rate-limited", message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}
