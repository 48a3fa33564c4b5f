import { addDuration, parseDuration } from "./parse-duration.js";
import type { VirtualKey } from "./virtual-key.js";

/** The span a key's `maxBudget` applies to: `[start, end)`; without a budget duration, all time (neither bound). */
export interface BudgetWindow {
  start?: Date;
  end?: Date;
}

/**
 * The budget window `now` falls in. Windows follow each other from `budgetStartedAt` (else `createdAt`) without
 * gaps: `30d` gives [start, start+30d), [start+30d, start+60d), ...; `1mo` steps by calendar months from that
 * instant (UTC). A clock behind the start yields the first window.
 *
 * @example
 * computeBudgetWindow({ budgetDuration: "1d", budgetStartedAt: new Date("2026-01-01T00:00:00Z"), createdAt }, new Date("2026-01-03T12:00:00Z"))
 * // { start: 2026-01-03T00:00:00Z, end: 2026-01-04T00:00:00Z }
 */
export function computeBudgetWindow(key: Pick<VirtualKey, "budgetDuration" | "budgetStartedAt" | "createdAt">, now: Date): BudgetWindow {
  if (key.budgetDuration === undefined) return {};
  const duration = parseDuration(key.budgetDuration);
  const anchor = key.budgetStartedAt ?? key.createdAt;
  const elapsed = now.getTime() - anchor.getTime();
  if (elapsed < 0) return { start: anchor, end: addDuration(anchor, duration) };
  if ("ms" in duration) {
    const steps = Math.floor(elapsed / duration.ms);
    return { start: addDuration(anchor, duration, steps), end: addDuration(anchor, duration, steps + 1) };
  }
  const monthsApart = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  let steps = Math.max(0, Math.floor(monthsApart / duration.months));
  // The month count is an estimate: the day and time of month decide whether the last step has been reached.
  while (steps > 0 && addDuration(anchor, duration, steps) > now) steps -= 1;
  while (addDuration(anchor, duration, steps + 1) <= now) steps += 1;
  return { start: addDuration(anchor, duration, steps), end: addDuration(anchor, duration, steps + 1) };
}

/**
 * True once a key's expiry time has been reached.
 *
 * @example
 * isKeyExpired({ expiresAt: new Date("2026-01-01T00:00:00Z") }, new Date("2026-01-01T00:00:00Z")) // true
 */
export function isKeyExpired(key: Pick<VirtualKey, "expiresAt">, now: Date): boolean {
  return key.expiresAt !== undefined && key.expiresAt.getTime() <= now.getTime();
}
