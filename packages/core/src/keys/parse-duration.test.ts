import { describe, expect, it } from "vitest";
import { addDuration, parseDuration } from "./parse-duration.js";

describe("parseDuration", () => {
  it.each([
    ["30s", { ms: 30_000 }],
    ["30m", { ms: 1_800_000 }],
    ["30h", { ms: 108_000_000 }],
    ["30d", { ms: 2_592_000_000 }],
    ["7d", { ms: 604_800_000 }],
    ["1w", { ms: 604_800_000 }],
    ["2w", { ms: 1_209_600_000 }],
    ["1mo", { months: 1 }],
    ["12mo", { months: 12 }],
    ["1s", { ms: 1000 }],
    ["007d", { ms: 7 * 86_400_000 }],
  ])("reads %s", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(["", "30", "d", "30x", "30 d", " 30d", "30d ", "30D", "1M", "1month", "1.5h", "-1d", "+1d", "1d2h", "30dd", "mo", "1y", "None"])(
    "refuses %j, naming the forms it accepts",
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
      expect(() => parseDuration(text)).toThrow(/is not a duration: use a whole number and a unit: s, m, h, d, w or mo/);
    },
  );

  it("refuses zero and durations over 100 years", () => {
    expect(() => parseDuration("0d")).toThrow(/at least 1/);
    expect(() => parseDuration("0mo")).toThrow(/at least 1/);
    expect(() => parseDuration("36526d")).toThrow(/longer than 100 years/);
    expect(() => parseDuration("1201mo")).toThrow(/longer than 100 years/);
    expect(() => parseDuration("99999999999999999999999s")).toThrow(/longer than 100 years/);
    expect(parseDuration("1200mo")).toEqual({ months: 1200 });
    expect(parseDuration("36525d")).toEqual({ ms: 36_525 * 86_400_000 });
  });

  it("keeps a long bad input out of the message", () => {
    expect(() => parseDuration("x".repeat(500))).toThrow(/^"x{40}\.\.\." is not a duration/);
  });
});

describe("addDuration", () => {
  const utc = (text: string) => new Date(`${text}Z`);

  it("adds milliseconds, any number of steps", () => {
    expect(addDuration(utc("2026-03-01T00:00:00"), { ms: 30_000 })).toEqual(utc("2026-03-01T00:00:30"));
    expect(addDuration(utc("2026-03-01T00:00:00"), { ms: 86_400_000 }, 3)).toEqual(utc("2026-03-04T00:00:00"));
    expect(addDuration(utc("2026-03-01T00:00:00"), { ms: 1000 }, 0)).toEqual(utc("2026-03-01T00:00:00"));
  });

  it("adds calendar months in UTC, keeping the time of day", () => {
    expect(addDuration(utc("2026-01-15T13:45:10.250"), { months: 1 })).toEqual(utc("2026-02-15T13:45:10.250"));
    expect(addDuration(utc("2026-11-30T23:00:00"), { months: 2 })).toEqual(utc("2027-01-30T23:00:00"));
    expect(addDuration(utc("2026-05-10T00:00:00"), { months: 1 }, 20)).toEqual(utc("2028-01-10T00:00:00"));
  });

  it("clamps to the last day of shorter months, counting from the original day", () => {
    expect(addDuration(utc("2026-01-31T10:00:00"), { months: 1 })).toEqual(utc("2026-02-28T10:00:00"));
    expect(addDuration(utc("2028-01-31T10:00:00"), { months: 1 })).toEqual(utc("2028-02-29T10:00:00"));
    expect(addDuration(utc("2026-01-31T10:00:00"), { months: 1 }, 2)).toEqual(utc("2026-03-31T10:00:00"));
    expect(addDuration(utc("2026-01-31T10:00:00"), { months: 1 }, 3)).toEqual(utc("2026-04-30T10:00:00"));
    expect(addDuration(utc("2026-08-31T00:00:00"), { months: 6 })).toEqual(utc("2027-02-28T00:00:00"));
  });
});
