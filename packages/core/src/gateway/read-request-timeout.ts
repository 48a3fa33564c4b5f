import type { HeaderReader } from "../internal/header-reader.js";
import { GatewayError } from "../errors/gateway-error.js";

const HEADER = "x-bedrock-gw-timeout";
const MIN_SECONDS = 1;
const MAX_SECONDS = 3600;

/**
 * Reads a per-request timeout (seconds) from `x-bedrock-gw-timeout`, within 1 s to 1 h; it can only shorten the
 * configured timeouts. Out of bounds or not a number: 400 with the reason.
 */
export function readRequestTimeout(headers: HeaderReader): number | undefined {
  const raw = headers.get(HEADER);
  if (raw === null || raw.trim() === "") return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new GatewayError("bad-request", `${HEADER} must be a number of seconds from ${MIN_SECONDS} to ${MAX_SECONDS}, not "${raw}".`);
  }
  return Math.round(seconds * 1000);
}
