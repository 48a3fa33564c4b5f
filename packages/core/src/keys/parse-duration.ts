/** A length of time: a fixed number of milliseconds, or calendar months (whose length varies). */
export type Duration = { ms: number } | { months: number };

const DURATION = /^(\d+)(s|m|h|d|w|mo)$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
/** Longer than any key or budget needs, and far inside what a Date can hold. */
const MAX_MS = 36_525 * 86_400_000;
const MAX_MONTHS = 1200;
const FORMS = "a whole number and a unit: s, m, h, d, w or mo (e.g. 30s, 30m, 30h, 30d, 1w, 1mo)";

/**
 * Reads LiteLLM's duration grammar (`budget_duration`, `duration`): seconds, minutes, hours, days, weeks, or
 * calendar months. Stricter than LiteLLM: the whole text must match, the number must be at least 1 and the
 * duration at most 100 years. Throws a `RangeError` that says what is wrong.
 *
 * @example
 * parseDuration("30d") // { ms: 2_592_000_000 }
 * parseDuration("1mo") // { months: 1 }
 */
export function parseDuration(text: string): Duration {
  const match = DURATION.exec(text);
  if (!match) throw new RangeError(`${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)} is not a duration: use ${FORMS}`);
  const count = Number(match[1]);
  const unit = match[2] ?? "";
  if (count < 1) throw new RangeError(`"${text}" is not a duration: the number must be at least 1`);
  if (unit === "mo") {
    if (count > MAX_MONTHS) throw new RangeError(`"${text}" is longer than 100 years`);
    return { months: count };
  }
  const ms = count * (UNIT_MS[unit] ?? 0);
  if (ms > MAX_MS) throw new RangeError(`"${text}" is longer than 100 years`);
  return { ms };
}

/**
 * `time` plus `steps` times `duration`. Months are calendar months in UTC, counted from `time` itself so the day
 * of month stays put where it exists (Jan 31 + 1mo = Feb 28 or 29; + 2mo = Mar 31).
 *
 * @example
 * addDuration(new Date("2026-01-31T00:00:00Z"), { months: 1 }) // 2026-02-28T00:00:00Z
 */
export function addDuration(time: Date, duration: Duration, steps = 1): Date {
  if ("ms" in duration) return new Date(time.getTime() + duration.ms * steps);
  const months = time.getUTCMonth() + duration.months * steps;
  const year = time.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(time.getTime());
  result.setUTCFullYear(year, month, Math.min(time.getUTCDate(), lastDay));
  return result;
}
