import type { SharedState } from "./shared-state.js";

/** One change made on the local fallback that the shared backend should learn about when it returns. */
export type JournalEntry =
  | { kind: "window"; key: string; windowMs: number; amount: number }
  | { kind: "budget"; key: string; delta: number; expiresAt: number }
  | { kind: "value"; key: string; value: string; expiresAt: number }
  | { kind: "release"; key: string; id: string }
  | { kind: "message"; channel: string; message: string };

/** What happened on the local fallback during an outage, kept in the form the primary needs at resync. */
export interface OutageJournal {
  noteWindow(key: string, windowMs: number, amount: number): void;
  noteBudget(key: string, delta: number, expiresAt: number): void;
  noteValue(key: string, value: string, ttlMs: number): void;
  noteRelease(key: string, id: string): void;
  /** a bus message that reached only this process */
  noteMessage(channel: string, message: string): void;
  /** empties the journal; returns what still matters at `now` */
  drain(now: number): JournalEntry[];
  /** puts back entries a failed resync did not push */
  restore(entries: readonly JournalEntry[]): void;
}

/**
 * Window amounts are kept per sub-window, so at resync only what still counts is pushed: the current sub-window's
 * amount in full and the previous one's weighted by its remaining overlap (it then decays a little later than it
 * would have, an over-count of at most one window). Budgets keep the sum of deltas for a period that has not ended;
 * values keep the last one set while it lives; releases keep holder ids whose slots the primary may still hold;
 * bus messages are kept once each (a key changed twice needs one invalidation), to be published late.
 */
export function createOutageJournal(clock: () => number): OutageJournal {
  const windows = new Map<string, { key: string; windowMs: number; byIndex: Map<number, number> }>();
  const budgets = new Map<string, { delta: number; expiresAt: number }>();
  const values = new Map<string, { value: string; expiresAt: number }>();
  const releases = new Map<string, { key: string; id: string }>();
  const messages = new Map<string, { channel: string; message: string }>();

  const noteWindow = (key: string, windowMs: number, amount: number) => {
    const id = `${windowMs}:${key}`;
    const index = Math.floor(clock() / windowMs);
    const entry = windows.get(id) ?? { key, windowMs, byIndex: new Map<number, number>() };
    entry.byIndex.set(index, (entry.byIndex.get(index) ?? 0) + amount);
    for (const stored of entry.byIndex.keys()) if (stored < index - 1) entry.byIndex.delete(stored);
    windows.set(id, entry);
  };
  const noteBudget = (key: string, delta: number, expiresAt: number) => {
    const entry = budgets.get(key);
    // A later period replaces an earlier one: the earlier period's counter has expired and needs nothing.
    if (entry && entry.expiresAt === expiresAt) entry.delta += delta;
    else if (!entry || expiresAt > entry.expiresAt) budgets.set(key, { delta, expiresAt });
  };

  const drainWindows = (now: number): JournalEntry[] =>
    [...windows.values()].flatMap(({ key, windowMs, byIndex }) => {
      const index = Math.floor(now / windowMs);
      const overlap = ((index + 1) * windowMs - now) / windowMs;
      const amount = (byIndex.get(index) ?? 0) + (byIndex.get(index - 1) ?? 0) * overlap;
      return amount === 0 ? [] : [{ kind: "window" as const, key, windowMs, amount }];
    });

  return {
    noteWindow,
    noteBudget,
    noteValue(key, value, ttlMs) {
      values.set(key, { value, expiresAt: clock() + ttlMs });
    },
    noteRelease(key, id) {
      releases.set(`${key}\n${id}`, { key, id });
    },
    noteMessage(channel, message) {
      messages.set(`${channel}\n${message}`, { channel, message });
    },
    drain(now) {
      const entries: JournalEntry[] = [
        ...drainWindows(now),
        ...[...budgets].filter(([, b]) => b.expiresAt > now && b.delta !== 0).map(([key, b]) => ({ kind: "budget" as const, key, ...b })),
        ...[...values].filter(([, v]) => v.expiresAt > now).map(([key, v]) => ({ kind: "value" as const, key, ...v })),
        ...[...releases.values()].map((r) => ({ kind: "release" as const, ...r })),
        ...[...messages.values()].map((m) => ({ kind: "message" as const, ...m })),
      ];
      windows.clear();
      budgets.clear();
      values.clear();
      releases.clear();
      messages.clear();
      return entries;
    },
    restore(entries) {
      for (const entry of entries) {
        switch (entry.kind) {
          case "window":
            noteWindow(entry.key, entry.windowMs, entry.amount);
            break;
          case "budget":
            noteBudget(entry.key, entry.delta, entry.expiresAt);
            break;
          case "value":
            // A value set since the failed resync is newer than the one being restored.
            if (!values.has(entry.key)) values.set(entry.key, entry);
            break;
          case "release":
            releases.set(`${entry.key}\n${entry.id}`, entry);
            break;
          case "message":
            messages.set(`${entry.channel}\n${entry.message}`, entry);
            break;
        }
      }
    },
  };
}

/** Applies one journal entry to the primary; throws what the primary throws. */
export async function pushJournalEntry(primary: SharedState, entry: JournalEntry, now: number): Promise<void> {
  switch (entry.kind) {
    case "window":
      return await primary.record(entry.key, entry.amount, entry.windowMs);
    case "budget":
      return await primary.adjustBudget(entry.key, entry.delta, entry.expiresAt);
    case "value":
      if (entry.expiresAt > now) await primary.setValue(entry.key, entry.value, entry.expiresAt - now);
      return;
    case "release":
      return await primary.release(entry.key, entry.id);
    case "message":
      return await primary.publish(entry.channel, entry.message);
  }
}
