import { describe, expect, it } from "vitest";
import { createRequestIds } from "./create-request-ids.js";

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("createRequestIds", () => {
  it("makes version 7 UUIDs whose first 48 bits are the clock's milliseconds", () => {
    const createRequestId = createRequestIds(() => Date.parse("2026-11-22T10:00:00.123Z"));
    const id = createRequestId();
    expect(id).toMatch(V7);
    expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(Date.parse("2026-11-22T10:00:00.123Z"));
  });

  it("sorts ids of later milliseconds after earlier ones, and never repeats one (past several pool refills)", () => {
    let now = Date.parse("2026-11-22T10:00:00.000Z");
    const createRequestId = createRequestIds(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 10 === 0) now += 1;
      ids.push(createRequestId());
    }
    expect(new Set(ids).size).toBe(ids.length);
    const firstOfEachMs = ids.filter((_, i) => i % 10 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
    const lastOfEachMs = ids.filter((_, i) => i % 10 === 9);
    for (let ms = 1; ms < firstOfEachMs.length; ms++) expect(firstOfEachMs[ms]! > lastOfEachMs[ms - 1]!).toBe(true);
  });
});
