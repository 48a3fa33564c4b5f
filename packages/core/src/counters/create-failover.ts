import type { OutageJournal } from "./outage-journal.js";
import { createOutageJournal, pushJournalEntry } from "./outage-journal.js";
import type { SharedState } from "./shared-state.js";
import { isStateUnavailableError } from "./state-unavailable-error.js";

export interface FailoverLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface FailoverOptions {
  primary: SharedState;
  clock: () => number;
  probeIntervalMs: number;
  logger?: FailoverLogger;
  onChange?(status: "ok" | "degraded"): void;
  /** runs when the primary answers again, before the journal is pushed (e.g. subscribing to it again) */
  onPrimaryBack(): Promise<void>;
}

/** Which side serves calls, and the bookkeeping of an outage: journal, probe, switch back. */
export interface Failover {
  readonly journal: OutageJournal;
  /** the primary while it is up; during an outage the fallback, with `onLocal` noting what to resync */
  route<T>(onPrimary: () => Promise<T>, onFallback: () => Promise<T>, onLocal?: (result: T) => void): Promise<T>;
  /** the fallback's key for `key`: each outage gets fresh ones */
  localKey(key: string): string;
  readonly outage: { since: number; reason: string } | undefined;
  stop(): void;
}

/**
 * Why a separate piece: the switching is the subtle part (fail once, then skip the primary without waiting; probe
 * on an unref'd timer; push the journal before saying "ok"), and it is the same for every operation.
 */
export function createFailover(options: FailoverOptions): Failover {
  const { primary, clock, logger } = options;
  const journal = createOutageJournal(clock);
  let outage: { since: number; reason: string } | undefined;
  let epoch = 0;
  let probeTimer: NodeJS.Timeout | undefined;
  let probing = false;
  let stopped = false;

  const degrade = (error: unknown) => {
    if (outage || stopped) return;
    const reason = error instanceof Error ? error.message : String(error);
    outage = { since: clock(), reason };
    epoch += 1;
    logger?.warn({ err: reason }, "shared state unavailable: serving on local counters until it returns");
    options.onChange?.("degraded");
    probeTimer = setInterval(() => void probe(), options.probeIntervalMs);
    probeTimer.unref();
  };

  /** pushes the journal to the primary; false when the primary failed again (what was not pushed is kept) */
  const flush = async (): Promise<boolean> => {
    const entries = journal.drain(clock());
    for (const [index, entry] of entries.entries()) {
      try {
        await pushJournalEntry(primary, entry, clock());
      } catch (error) {
        journal.restore(entries.slice(index));
        if (!isStateUnavailableError(error)) throw error;
        degrade(error);
        return false;
      }
    }
    return true;
  };

  const recover = async () => {
    const ended = outage;
    if (!ended) return;
    await options.onPrimaryBack();
    // Pushed while still serving locally, so health() says "ok" only once the primary has the outage's changes.
    if (!(await flush())) return;
    outage = undefined;
    clearInterval(probeTimer);
    // What local calls noted during the push; calls that finish later on the fallback are pushed by route().
    if (!(await flush())) return;
    logger?.info({ outageMs: clock() - ended.since }, "shared state is back: switched back and pushed the outage's local changes");
    options.onChange?.("ok");
  };

  const probe = async () => {
    if (probing || !outage) return;
    probing = true;
    try {
      if ((await primary.health()).status === "ok") await recover();
    } catch (error) {
      logger?.warn({ err: error instanceof Error ? error.message : String(error) }, "shared state resync failed");
    } finally {
      probing = false;
    }
  };

  return {
    journal,
    async route(onPrimary, onFallback, onLocal) {
      if (!outage) {
        try {
          return await onPrimary();
        } catch (error) {
          if (!isStateUnavailableError(error)) throw error;
          degrade(error);
        }
      }
      const result = await onFallback();
      onLocal?.(result);
      // A fallback call that finished after the switch back: push what it noted now, not at the next outage.
      if (onLocal && !outage) void flush().catch(() => undefined);
      return result;
    },
    localKey: (key) => `outage-${epoch}:${key}`,
    get outage() {
      return outage;
    },
    stop() {
      stopped = true;
      clearInterval(probeTimer);
    },
  };
}
