import { clampUnit } from "./clamp-unit.js";

/** Why an upstream attempt failed, as far as retrying and cooldowns are concerned. */
export type FailureKind = "throttle" | "server" | "timeout" | "connection" | "client";

/** The failures that count against a deployment's health (a client error is the request's fault, not the deployment's). */
export type DeploymentFailureKind = Exclude<FailureKind, "client">;

/** What is known about a failed attempt: the upstream status and error type, and/or what the transport threw. */
export interface FailureFacts {
  status?: number;
  /** `x-amzn-ErrorType`, a body `__type`/`code`, or an event-stream `:exception-type` (any of their spellings) */
  errorType?: string;
  error?: unknown;
}

// Bedrock's modeled exceptions (fact sheet §5.1), lower-cased so the event-stream camelCase spelling matches too.
// ServiceQuotaExceeded and ModelNotReady say "this account/model cannot take it now": another deployment may.
// ModelError, DependencyFailed and Conflict are about the request's own model output or resources: not retried,
// as the AWS SDK does not retry them either.
const ERROR_TYPES: Readonly<Record<string, FailureKind>> = {
  throttlingexception: "throttle",
  toomanyrequestsexception: "throttle",
  servicequotaexceededexception: "throttle",
  modelnotreadyexception: "throttle",
  serviceunavailableexception: "server",
  internalserverexception: "server",
  internalfailure: "server",
  badgatewayexception: "server",
  modeltimeoutexception: "timeout",
  requesttimeout: "timeout",
  requesttimeoutexception: "timeout",
  validationexception: "client",
  accessdeniedexception: "client",
  unrecognizedclientexception: "client",
  invalidsignatureexception: "client",
  resourcenotfoundexception: "client",
  conflictexception: "client",
  modelerrorexception: "client",
  dependencyfailedexception: "client",
};

const STATUSES: Readonly<Record<number, FailureKind>> = { 408: "timeout", 429: "throttle", 504: "timeout" };

// Node and undici error codes (and DOMException names) found on a thrown error or its `cause` chain.
const ERROR_CODES: Readonly<Record<string, FailureKind>> = {
  ECONNREFUSED: "connection",
  ECONNRESET: "connection",
  ECONNABORTED: "connection",
  ENOTFOUND: "connection",
  EAI_AGAIN: "connection",
  EPIPE: "connection",
  EHOSTUNREACH: "connection",
  EHOSTDOWN: "connection",
  ENETUNREACH: "connection",
  ENETDOWN: "connection",
  UND_ERR_SOCKET: "connection",
  UND_ERR_CLOSED: "connection",
  UND_ERR_CONNECT_TIMEOUT: "connection",
  ETIMEDOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
  TimeoutError: "timeout",
  // the caller gave up (client disconnect): retrying would serve nobody
  AbortError: "client",
};

const RETRYABLE: Readonly<Record<FailureKind, boolean>> = {
  throttle: true,
  server: true,
  timeout: true,
  connection: true,
  client: false,
};

/**
 * Classifies a failed attempt. The error type wins (Bedrock sends ServiceQuotaExceeded as a 400), then the status
 * (429 throttle, 408/504 timeout, other 5xx server, other 4xx client), then Node/undici error codes on the thrown
 * error and its causes (connect/socket errors → connection, header/body timeouts → timeout, an abort → client).
 * Anything unreadable counts as `server`: retried elsewhere, and counted against the deployment.
 *
 * @example
 * classifyFailure({ status: 400, errorType: "ServiceQuotaExceededException" })  // "throttle"
 * classifyFailure({ status: 403 })                                              // "client"
 * classifyFailure({ error: new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }) }) // "connection"
 */
export function classifyFailure(facts: FailureFacts): FailureKind {
  const byType = facts.errorType === undefined ? undefined : lookup(ERROR_TYPES, normalizeErrorType(facts.errorType));
  if (byType !== undefined) return byType;
  const status = facts.status;
  if (status !== undefined && status >= 400) return STATUSES[status] ?? (status >= 500 ? "server" : "client");
  return classifyThrown(facts.error) ?? "server";
}

/**
 * Whether a failure of this kind may be retried (on another deployment, or the same one after a backoff).
 *
 * @example
 * isRetryable("throttle") // true
 * isRetryable("client")   // false
 */
export function isRetryable(kind: FailureKind): kind is DeploymentFailureKind {
  return RETRYABLE[kind];
}

/** `ThrottlingException:http://internal...`, `com.amazonaws.bedrockruntime#ThrottlingException` → `throttlingexception`. */
// own keys only: an upstream error type such as "constructor" must not find Object.prototype's members
function lookup(table: Readonly<Record<string, FailureKind>>, key: string): FailureKind | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function normalizeErrorType(errorType: string): string {
  const first = errorType.split(",")[0] ?? "";
  const beforeColon = first.split(":")[0] ?? "";
  const name = beforeColon.includes("#") ? beforeColon.slice(beforeColon.lastIndexOf("#") + 1) : beforeColon;
  return name.trim().toLowerCase();
}

function classifyThrown(error: unknown): FailureKind | undefined {
  let current: unknown = error;
  // a cause chain is short (fetch → undici → socket); the bound only guards against a cycle
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { code, name } = current as { code?: unknown; name?: unknown };
    const kind = (typeof code === "string" ? lookup(ERROR_CODES, code) : undefined) ?? (typeof name === "string" ? lookup(ERROR_CODES, name) : undefined);
    if (kind !== undefined) return kind;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface BackoffOptions {
  /** uniform in [0, 1) */
  random: () => number;
  /** the first retry waits up to this long (default 250 ms); each further retry doubles it */
  baseMs?: number;
  /** the exponential ceiling stops growing here (default 8,000 ms) */
  maxMs?: number;
  /** the upstream's Retry-After, in ms: the wait is never shorter */
  retryAfterMs?: number;
  /** a Retry-After longer than this is not waited for (default 30,000 ms): `undefined` is returned */
  maxRetryAfterMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 250, maxMs: 8000, maxRetryAfterMs: 30_000 } as const;

/**
 * How long to wait before retry number `attempt` (1 = the first retry): exponential backoff with full jitter,
 * a uniform draw in [0, min(maxMs, baseMs × 2^(attempt-1))), so with the defaults up to 250, 500, 1000, … 8000 ms.
 * With a Retry-After the wait is Retry-After plus a jitter of up to one `baseMs` (so clients told the same
 * Retry-After do not all come back in the same millisecond). A Retry-After over `maxRetryAfterMs` returns
 * `undefined`: waiting that long is not a retry; fall back, or answer 429 with that Retry-After.
 *
 * @example
 * computeBackoffMs(3, { random: () => 0.5 })                      // 500 (half of 1000)
 * computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 2000 })  // 2125
 * computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 60_000 }) // undefined
 */
export function computeBackoffMs(attempt: number, options: BackoffOptions): number | undefined {
  const baseMs = options.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const maxMs = options.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const draw = clampUnit(options.random());
  const retryAfterMs = options.retryAfterMs;
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0) {
    if (retryAfterMs > (options.maxRetryAfterMs ?? DEFAULT_BACKOFF.maxRetryAfterMs)) return undefined;
    return Math.ceil(retryAfterMs) + Math.floor(draw * baseMs);
  }
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 52));
  return Math.floor(draw * ceiling);
}

/**
 * Reads a `Retry-After` header (delta-seconds or an HTTP date) as ms from `now`; `undefined` when absent or
 * unreadable. A date in the past gives 0.
 *
 * @example
 * readRetryAfterMs("2", Date.now())                                   // 2000
 * readRetryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", Date.parse("Wed, 21 Oct 2026 07:27:58 GMT")) // 2000
 */
export function readRetryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (text === undefined || text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // an HTTP date names a weekday and month; a bare "-5" would otherwise parse as the year -5
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
