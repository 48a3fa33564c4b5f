import { describe, expect, it } from "vitest";
import { isGatewayError } from "../errors/gateway-error.js";
import { decodeSpendRow, encodeSpendRow, SPEND_COLUMN_COUNT } from "./encode-spend-row.js";
import { makeFullSpendRecord, makeSpendRecord } from "./fixtures/spend-records.js";
import { decodeSpendCursor, encodeSpendCursor } from "./spend-cursor.js";

describe("encodeSpendRow / decodeSpendRow", () => {
  it("round-trips a full record and has one column per SPEND_COLUMN_COUNT", () => {
    const record = makeFullSpendRecord("r1");
    const row = encodeSpendRow(record);
    expect(Object.keys(row)).toHaveLength(SPEND_COLUMN_COUNT);
    expect(row).toMatchObject({ start_time: record.startTime.getTime(), tags: JSON.stringify(record.tags), unpriced: 0, streamed: 1, partial: 1 });
    expect(decodeSpendRow(row)).toEqual(record);
  });

  it("reads numbers that arrive as strings (PostgreSQL int8 without a type parser)", () => {
    const row = { ...encodeSpendRow(makeSpendRecord({ requestId: "r" })) } as Record<string, unknown>;
    row.start_time = "1763719200000";
    row.input_tokens = "10";
    const record = decodeSpendRow(row as unknown as ReturnType<typeof encodeSpendRow>);
    expect(record.startTime.toISOString()).toBe("2025-11-21T10:00:00.000Z");
    expect(record.inputTokens).toBe(10);
  });

  it("makes values a database would refuse storable instead of failing the batch", () => {
    const row = encodeSpendRow(
      makeSpendRecord({ requestId: "r\u0000x", endUser: "e\u0000", inputTokens: Number.NaN, outputTokens: 2.6, cost: Number.POSITIVE_INFINITY, timeToFirstByteMs: Number.NaN }),
    );
    expect(row).toMatchObject({ request_id: "rx", end_user: "e", input_tokens: 0, output_tokens: 3, cost: null, time_to_first_byte_ms: null });
  });
});

describe("spend cursor", () => {
  it("round-trips and is URL-safe", () => {
    const cursor = encodeSpendCursor({ startTime: 1_763_719_200_000, requestId: "req/+=?" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSpendCursor(cursor)).toEqual({ startTime: 1_763_719_200_000, requestId: "req/+=?" });
  });

  it.each(["", "garbage", Buffer.from("[1]").toString("base64url"), Buffer.from('["1","a"]').toString("base64url"), Buffer.from("[1.5,\"a\"]").toString("base64url")])(
    "refuses %j as a bad request",
    (cursor) => {
      let caught: unknown;
      try {
        decodeSpendCursor(cursor);
      } catch (error) {
        caught = error;
      }
      expect(isGatewayError(caught) && caught.code).toBe("bad-request");
    },
  );
});
