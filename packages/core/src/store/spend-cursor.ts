import { GatewayError } from "../errors/gateway-error.js";

/** Where a page ended: the last row's start time and request id (the sort key, newest first). */
export interface SpendCursor {
  startTime: number;
  requestId: string;
}

/**
 * Makes the opaque cursor of the next page.
 *
 * @example
 * encodeSpendCursor({ startTime: 1_763_700_000_000, requestId: "req-1" }) // "WzE3NjM3MDAwMDAwMDAsInJlcS0xIl0"
 */
export function encodeSpendCursor(cursor: SpendCursor): string {
  return Buffer.from(JSON.stringify([cursor.startTime, cursor.requestId])).toString("base64url");
}

/**
 * Reads a cursor made by {@link encodeSpendCursor}; anything else is a `bad-request` error.
 *
 * @example
 * decodeSpendCursor(encodeSpendCursor({ startTime: 1, requestId: "a" })) // { startTime: 1, requestId: "a" }
 */
export function decodeSpendCursor(cursor: string): SpendCursor {
  const parsed = readJson(Buffer.from(cursor, "base64url").toString("utf8"));
  if (Array.isArray(parsed) && parsed.length === 2) {
    const [startTime, requestId] = parsed as unknown[];
    if (Number.isSafeInteger(startTime) && typeof requestId === "string") return { startTime: startTime as number, requestId };
  }
  throw new GatewayError("bad-request", `cursor "${cursor}" is not one this gateway issued; pass the cursor of the previous page unchanged`);
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
