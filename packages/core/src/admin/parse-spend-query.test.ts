import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSpendLogQuery, parseSpendReportQuery } from "./parse-spend-query.js";

const q = (text: string) => new URLSearchParams(text);

describe("parseSpendLogQuery", () => {
  it("maps LiteLLM's parameters, hashing a raw key", () => {
    const filter = parseSpendLogQuery(q("api_key=sk-abc&request_id=r1&end_user=u&model=claude&user_id=x&limit=50&start_date=2026-11-01&end_date=2026-11-02"));
    expect(filter).toEqual({
      keyHash: createHash("sha256").update("sk-abc").digest("hex"),
      requestId: "r1",
      endUser: "u",
      model: "claude",
      userId: "x",
      limit: 50,
      startTime: new Date("2026-11-01T00:00:00Z"),
      endTime: new Date("2026-11-03T00:00:00Z"),
    });
  });

  it("accepts a key hash as it is, and ISO times", () => {
    const hash = "a".repeat(64);
    expect(parseSpendLogQuery(q(`api_key=${hash}&start_date=2026-11-01T10:00:00Z`))).toEqual({
      keyHash: hash,
      startTime: new Date("2026-11-01T10:00:00Z"),
    });
  });

  it.each([
    ["start_date=yesterday", /start_date "yesterday" is not a date/],
    ["end_date=2026-13-45", /end_date "2026-13-45" is not a date/],
    ["start_date=2026-11-05&end_date=2026-11-01", /start_date must be before end_date/],
    ["colour=blue", /unknown query parameter "colour"/],
    ["limit=0", /limit must be/],
    ["limit=5000", /limit must be/],
  ])("%s → 400 with the reason", (query, reason) => {
    expect(() => parseSpendLogQuery(q(query))).toThrow(expect.objectContaining({ code: "bad-request", message: expect.stringMatching(reason) }));
  });
});

describe("parseSpendReportQuery", () => {
  it("maps LiteLLM's group names", () => {
    expect(parseSpendReportQuery(q("group_by=customer")).groupBy).toBe("end_user");
    expect(parseSpendReportQuery(q("group_by=api_key")).groupBy).toBe("key");
    expect(parseSpendReportQuery(q("")).groupBy).toBe("key");
  });

  it("refuses unknown groups", () => {
    expect(() => parseSpendReportQuery(q("group_by=team"))).toThrow(/group_by must be one of/);
  });
});
