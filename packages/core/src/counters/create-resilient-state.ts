import { createFailover } from "./create-failover.js";
import type { Failover, FailoverLogger } from "./create-failover.js";
import type { OutageJournal } from "./outage-journal.js";
import { BUS_GAP } from "./shared-state.js";
import type { SharedState } from "./shared-state.js";

export type ResilientStateLogger = FailoverLogger;

export interface ResilientStateOptions {
  /** the shared backend (Redis) */
  primary: SharedState;
  /** local counters used while the primary is unreachable (a memory state) */
  fallback: SharedState;
  logger?: ResilientStateLogger;
  /** called on every switch: "degraded" when serving on the fallback, "ok" when back on the primary */
  onChange?(status: "ok" | "degraded"): void;
  /** how often the primary is probed while it is down (default 1000 ms) */
  probeIntervalMs?: number;
  /** epoch ms, for the outage journal's sub-windows (default `Date.now`; give the fallback the same clock) */
  clock?: () => number;
}

/** Operations whose first argument is a key the fallback keeps under an outage-specific name. */
type KeyedOp = "consume" | "record" | "peek" | "reserveBudget" | "adjustBudget" | "readBudget" | "acquire" | "countSlots" | "setValue";
type Note<K extends KeyedOp> = (journal: OutageJournal, args: Parameters<SharedState[K]>, result: Awaited<ReturnType<SharedState[K]>>) => void;

/** What a fallback call leaves for the primary, per operation (reads and slot takes leave nothing). */
const JOURNAL_NOTES: { [K in KeyedOp]?: Note<K> } = {
  consume: (journal, [key, amount, , windowMs], result) => result.allowed && journal.noteWindow(key, windowMs, amount),
  record: (journal, [key, amount, windowMs]) => journal.noteWindow(key, windowMs, amount),
  reserveBudget: (journal, [key, amount, , expiresAt], result) => result.allowed && journal.noteBudget(key, amount, expiresAt),
  // Noted even when the fresh local counter ignores it: the primary may hold the reservation it settles.
  adjustBudget: (journal, [key, delta, expiresAt]) => journal.noteBudget(key, delta, expiresAt),
  setValue: (journal, [key, value, ttlMs]) => journal.noteValue(key, value, ttlMs),
};

/**
 * Keeps the gateway serving when Redis goes away. Each call goes to the primary; on `StateUnavailableError` (and,
 * until the primary is back, at once) it goes to the local fallback, logged once per outage and reported as
 * `degraded` by `health()`. A timer probes the primary; when it answers, the outage's local changes are pushed to
 * it and calls switch back: windows' added amounts still inside their window (consumed and recorded), budget
 * deltas (reservations and adjustments) for periods not yet over, values (cooldowns) still alive, releases of
 * slots, and bus messages published during the outage (until then they reached this process only: other instances
 * hear of a key revoked here once it is back). Not resynced: slots taken during the outage (they free themselves by
 * TTL) and refused attempts. Messages other instances published during the outage never reached this process, so
 * when the primary is back every handler gets `BUS_GAP`. During an outage each process enforces limits on its own
 * counts (N instances may together allow up to N times a limit) and reads (`peek`, `readBudget`, `getValues`) see
 * only what this process did since the outage began; budgets are seeded again through `initial()`. Each outage
 * starts the fallback on fresh keys, so counts from an earlier outage never leak into a later one. `health()` turns
 * "ok" again only after the outage's changes have been pushed.
 *
 * @example
 * const state = createResilientState({ primary: createRedisState({ url }), fallback: createMemoryState(), logger });
 */
export function createResilientState(options: ResilientStateOptions): SharedState {
  const { primary, fallback } = options;
  const subscriptions = createSubscriptions(options);
  const failover = createFailover({
    primary,
    clock: options.clock ?? Date.now,
    probeIntervalMs: options.probeIntervalMs ?? 1000,
    logger: options.logger,
    onChange: options.onChange,
    onPrimaryBack: () => subscriptions.resume(),
  });
  const keyed = <K extends KeyedOp>(op: K) => routeKeyed(failover, primary, fallback, op);

  return {
    consume: keyed("consume"),
    record: keyed("record"),
    peek: keyed("peek"),
    reserveBudget: keyed("reserveBudget"),
    adjustBudget: keyed("adjustBudget"),
    readBudget: keyed("readBudget"),
    acquire: keyed("acquire"),
    countSlots: keyed("countSlots"),
    setValue: keyed("setValue"),
    getValues: (keys) => failover.route(() => primary.getValues(keys), () => fallback.getValues(keys.map(failover.localKey))),
    async release(key, id) {
      // The slot may sit on either side (taken before or during the outage); releasing is idempotent.
      await fallback.release(failover.localKey(key), id);
      await failover.route(() => primary.release(key, id), async () => undefined, () => failover.journal.noteRelease(key, id));
    },
    publish: (channel, message) =>
      failover.route(
        () => primary.publish(channel, message),
        () => fallback.publish(channel, message),
        () => failover.journal.noteMessage(channel, message),
      ),
    subscribe: (channel, handler) => subscriptions.subscribe(failover, channel, handler),
    async health() {
      const outage = failover.outage;
      if (!outage) return await primary.health();
      const detail = `shared state unavailable since ${new Date(outage.since).toISOString()} (${outage.reason}); serving on local counters`;
      return { backend: (await fallback.health()).backend, status: "degraded", detail };
    },
    async close() {
      failover.stop();
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}

function routeKeyed<K extends KeyedOp>(failover: Failover, primary: SharedState, fallback: SharedState, op: K): SharedState[K] {
  type Args = Parameters<SharedState[K]>;
  type Result = Awaited<ReturnType<SharedState[K]>>;
  const call = (state: SharedState, args: Args) => (state[op] as (...args: Args) => Promise<Result>)(...args);
  const note = JOURNAL_NOTES[op] as Note<K> | undefined;
  const routed = (...args: Args) => {
    const [key, ...rest] = args;
    const local = [failover.localKey(key), ...rest] as Args;
    return failover.route(
      () => call(primary, args),
      () => call(fallback, local),
      note && ((result: Result) => note(failover.journal, args, result)),
    );
  };
  return routed as SharedState[K];
}

interface Subscription {
  channel: string;
  handler: (message: string) => void;
  offFallback: () => Promise<void>;
  offPrimary: (() => Promise<void>) | undefined;
}

/** Bus subscriptions live on the fallback always (messages published during an outage) and on the primary when up. */
function createSubscriptions(options: ResilientStateOptions) {
  const { primary, fallback } = options;
  const subscriptions = new Set<Subscription>();
  return {
    async subscribe(failover: Failover, channel: string, handler: (message: string) => void): Promise<() => Promise<void>> {
      const subscription: Subscription = { channel, handler, offFallback: await fallback.subscribe(channel, handler), offPrimary: undefined };
      try {
        subscription.offPrimary = await failover.route(() => primary.subscribe(channel, handler), async () => undefined);
      } catch (error) {
        await subscription.offFallback();
        throw error;
      }
      subscriptions.add(subscription);
      return async () => {
        if (!subscriptions.delete(subscription)) return;
        await subscription.offFallback();
        await subscription.offPrimary?.().catch(() => undefined);
      };
    },
    /** subscribes again where the primary subscription is missing, then tells every handler what it may have missed */
    async resume() {
      for (const subscription of subscriptions) {
        if (subscription.offPrimary) continue;
        subscription.offPrimary = await primary.subscribe(subscription.channel, subscription.handler).catch(() => undefined);
      }
      for (const subscription of subscriptions) {
        try {
          subscription.handler(BUS_GAP);
        } catch {
          // A handler's own failure; the other handlers must still hear of the gap.
        }
      }
    },
  };
}
