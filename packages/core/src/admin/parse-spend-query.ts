import { createHash } from "node:crypto";
import { GatewayError } from "../errors/gateway-error.js";
import type { ReportGroup, SpendFilter } from "../store/spend-store.js";

const LOG_PARAMS = new Set(["api_key", "key", "request_id", "start_date", "end_date", "user_id", "user", "end_user", "model", "limit", "cursor"]);
const REPORT_PARAMS = new Set(["group_by", "start_date", "end_date"]);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** LiteLLM's `/global/spend/report` group names, and ours */
const GROUPS: Record<string, ReportGroup> = {
  key: "key",
  api_key: "key",
  model: "model",
  end_user: "end_user",
  customer: "end_user",
};

/**
 * Reads `/spend/logs` query parameters (LiteLLM's names) into a store filter. Unknown parameters and bad dates
 * are a 400 with the reason. `api_key` may be the key itself (hashed here) or its hash.
 *
 * @example
 * parseSpendLogQuery(new URLSearchParams("api_key=sk-1&start_date=2026-11-01&end_date=2026-11-21"))
 */
export function parseSpendLogQuery(params: URLSearchParams): SpendFilter {
  assertKnown(params, LOG_PARAMS);
  const filter: SpendFilter = { ...readRange(params) };
  const key = params.get("api_key") ?? params.get("key");
  if (key) filter.keyHash = /^[0-9a-f]{64}$/.test(key) ? key : createHash("sha256").update(key).digest("hex");
  const user = params.get("user_id") ?? params.get("user");
  if (user) filter.userId = user;
  for (const [param, field] of [["request_id", "requestId"], ["end_user", "endUser"], ["model", "model"], ["cursor", "cursor"]] as const) {
    const value = params.get(param);
    if (value) filter[field] = value;
  }
  const limit = params.get("limit");
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw bad(`limit must be a whole number from 1 to 1000, not "${limit}"`);
    filter.limit = n;
  }
  return filter;
}

/** Reads `/spend/report` query parameters: `group_by` (key | model | end_user; LiteLLM's api_key, customer) and a date range. */
export function parseSpendReportQuery(params: URLSearchParams): { groupBy: ReportGroup; startTime?: Date; endTime?: Date } {
  assertKnown(params, REPORT_PARAMS);
  const requested = params.get("group_by") ?? "key";
  const groupBy = GROUPS[requested];
  if (!groupBy) throw bad(`group_by must be one of ${Object.keys(GROUPS).join(", ")}, not "${requested}"`);
  return { groupBy, ...readRange(params) };
}

function readRange(params: URLSearchParams): { startTime?: Date; endTime?: Date } {
  const start = readDate(params, "start_date", false);
  const end = readDate(params, "end_date", true);
  if (start && end && start.getTime() >= end.getTime()) throw bad("start_date must be before end_date");
  return { ...(start ? { startTime: start } : {}), ...(end ? { endTime: end } : {}) };
}

/** A date-only end is inclusive: the whole day counts. */
function readDate(params: URLSearchParams, name: string, isEnd: boolean): Date | undefined {
  const value = params.get(name);
  if (value === null || value === "") return undefined;
  const dateOnly = DATE_ONLY.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(date.getTime())) throw bad(`${name} "${value}" is not a date (use YYYY-MM-DD or an ISO 8601 time)`);
  return dateOnly && isEnd ? new Date(date.getTime() + 86_400_000) : date;
}

function assertKnown(params: URLSearchParams, known: ReadonlySet<string>): void {
  for (const name of params.keys()) {
    if (!known.has(name)) throw bad(`unknown query parameter "${name}"; known: ${[...known].join(", ")}`);
  }
}

function bad(message: string): GatewayError {
  return new GatewayError("bad-request", message);
}
