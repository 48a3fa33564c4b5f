import type { WindowCounts } from "./sliding-window.js";

/*
 * Readers for the Lua scripts' replies (arrays of strings and integers). A reply of the wrong shape means the
 * script and this code disagree, so it throws rather than guessing.
 */

function readArray(reply: unknown, minLength: number): unknown[] {
  if (!Array.isArray(reply) || reply.length < minLength) throw new Error(`unexpected Redis script reply: ${JSON.stringify(reply)}`);
  return reply;
}

function readNumber(value: unknown): number {
  const parsed = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`unexpected number in Redis script reply: ${String(value)}`);
  return parsed;
}

export function readWindowReply(reply: unknown): { allowed: boolean; used: number; counts: WindowCounts; now: number } {
  const [allowed, used, current, previous, now, index] = readArray(reply, 6);
  return {
    allowed: readNumber(allowed) === 1,
    used: readNumber(used),
    counts: { index: readNumber(index), current: readNumber(current), previous: readNumber(previous) },
    now: readNumber(now),
  };
}

export type BudgetStatus = "allowed" | "refused" | "missing" | "skipped" | "ok";
const BUDGET_STATUSES: ReadonlySet<string> = new Set<BudgetStatus>(["allowed", "refused", "missing", "skipped", "ok"]);

export function readBudgetReply(reply: unknown): { status: BudgetStatus; value: number; expiresAt: number; now: number } {
  const [status, value, expiresAt, now] = readArray(reply, 1);
  if (typeof status !== "string" || !BUDGET_STATUSES.has(status)) throw new Error(`unexpected budget status: ${String(status)}`);
  const hasValues = value !== undefined;
  return {
    status: status as BudgetStatus,
    value: hasValues ? readNumber(value) : 0,
    expiresAt: hasValues ? readNumber(expiresAt) : 0,
    now: hasValues ? readNumber(now) : 0,
  };
}

export function readSlotsReply(reply: unknown): { allowed: boolean; current: number } {
  const [allowed, current] = readArray(reply, 2);
  return { allowed: readNumber(allowed) === 1, current: readNumber(current) };
}

export function readValuesReply(reply: unknown, count: number): Array<string | undefined> {
  return readArray(reply, count).map((value) => (typeof value === "string" ? value : undefined));
}
