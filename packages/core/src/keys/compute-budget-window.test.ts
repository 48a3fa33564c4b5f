import { describe, expect, it } from "vitest";
import { computeBudgetWindow, isKeyExpired } from "./compute-budget-window.js";

const utc = (text: string) => new Date(`${text}Z`);
const created = utc("2026-01-01T00:00:00");
const window = (budgetDuration: string | undefined, budgetStartedAt: Date | undefined, now: Date) =>
  computeBudgetWindow({ createdAt: created, ...(budgetDuration ? { budgetDuration } : {}), ...(budgetStartedAt ? { budgetStartedAt } : {}) }, now);

describe("computeBudgetWindow", () => {
  it("is all time without a budget duration", () => {
    expect(window(undefined, undefined, utc("2030-01-01T00:00:00"))).toEqual({});
  });

  it("steps 30s windows from the start, a window's end belonging to the next", () => {
    const start = utc("2026-03-01T12:00:05");
    expect(window("30s", start, start)).toEqual({ start, end: utc("2026-03-01T12:00:35") });
    expect(window("30s", start, utc("2026-03-01T12:00:34.999"))).toEqual({ start, end: utc("2026-03-01T12:00:35") });
    expect(window("30s", start, utc("2026-03-01T12:00:35"))).toEqual({ start: utc("2026-03-01T12:00:35"), end: utc("2026-03-01T12:01:05") });
    expect(window("30s", start, utc("2026-03-01T13:00:06"))).toEqual({ start: utc("2026-03-01T13:00:05"), end: utc("2026-03-01T13:00:35") });
  });

  it("steps 30d windows from the start, not from calendar months", () => {
    const start = utc("2026-01-10T08:00:00");
    expect(window("30d", start, utc("2026-02-09T07:59:59.999"))).toEqual({ start, end: utc("2026-02-09T08:00:00") });
    expect(window("30d", start, utc("2026-02-09T08:00:00"))).toEqual({ start: utc("2026-02-09T08:00:00"), end: utc("2026-03-11T08:00:00") });
    expect(window("30d", start, utc("2026-12-31T00:00:00"))).toEqual({ start: utc("2026-12-06T08:00:00"), end: utc("2027-01-05T08:00:00") });
  });

  it("steps 1mo windows by calendar months from the start instant", () => {
    const start = utc("2026-01-15T09:30:00");
    expect(window("1mo", start, utc("2026-02-15T09:29:59.999"))).toEqual({ start, end: utc("2026-02-15T09:30:00") });
    expect(window("1mo", start, utc("2026-02-15T09:30:00"))).toEqual({ start: utc("2026-02-15T09:30:00"), end: utc("2026-03-15T09:30:00") });
    // same calendar month as the next step, but before its day: still the previous window
    expect(window("1mo", start, utc("2026-03-01T00:00:00"))).toEqual({ start: utc("2026-02-15T09:30:00"), end: utc("2026-03-15T09:30:00") });
    expect(window("1mo", start, utc("2027-01-20T00:00:00"))).toEqual({ start: utc("2027-01-15T09:30:00"), end: utc("2027-02-15T09:30:00") });
  });

  it("keeps a month-end start on the last day of shorter months, and back on the 31st after", () => {
    const start = utc("2026-01-31T00:00:00");
    expect(window("1mo", start, utc("2026-02-28T00:00:00"))).toEqual({ start: utc("2026-02-28T00:00:00"), end: utc("2026-03-31T00:00:00") });
    expect(window("1mo", start, utc("2026-03-30T23:59:59"))).toEqual({ start: utc("2026-02-28T00:00:00"), end: utc("2026-03-31T00:00:00") });
    expect(window("1mo", start, utc("2026-04-30T12:00:00"))).toEqual({ start: utc("2026-04-30T00:00:00"), end: utc("2026-05-31T00:00:00") });
  });

  it("steps several months at once for Nmo", () => {
    const start = utc("2026-01-01T00:00:00");
    expect(window("3mo", start, utc("2026-03-31T23:59:59"))).toEqual({ start, end: utc("2026-04-01T00:00:00") });
    expect(window("3mo", start, utc("2026-10-05T00:00:00"))).toEqual({ start: utc("2026-10-01T00:00:00"), end: utc("2027-01-01T00:00:00") });
  });

  it("counts from createdAt when the start is not recorded, and gives the first window to a clock behind it", () => {
    expect(window("1d", undefined, utc("2026-01-02T05:00:00"))).toEqual({ start: utc("2026-01-02T00:00:00"), end: utc("2026-01-03T00:00:00") });
    const start = utc("2026-05-01T00:00:00");
    expect(window("1d", start, utc("2026-04-30T23:59:00"))).toEqual({ start, end: utc("2026-05-02T00:00:00") });
    expect(window("1mo", start, utc("2026-04-01T00:00:00"))).toEqual({ start, end: utc("2026-06-01T00:00:00") });
  });
});

describe("isKeyExpired", () => {
  it("is expired from the expiry instant on, and never without one", () => {
    const expiresAt = utc("2026-06-01T00:00:00");
    expect(isKeyExpired({ expiresAt }, utc("2026-05-31T23:59:59.999"))).toBe(false);
    expect(isKeyExpired({ expiresAt }, expiresAt)).toBe(true);
    expect(isKeyExpired({ expiresAt }, utc("2027-01-01T00:00:00"))).toBe(true);
    expect(isKeyExpired({}, utc("2100-01-01T00:00:00"))).toBe(false);
  });
});
