/**
 * The one error type the gateway raises. Every code maps to an HTTP status and a Bedrock error name, so the
 * HTTP boundary can turn any `GatewayError` into a response the AWS SDKs raise as a typed exception.
 */
export type GatewayErrorCode =
  | "missing-key"
  | "unknown-key"
  | "access-denied"
  | "budget-exceeded"
  | "rate-limited"
  | "bad-request"
  | "not-found"
  | "body-too-large"
  | "upstream-unreachable"
  | "upstream-timeout"
  | "internal";

interface ErrorShape {
  status: number;
  /** the Bedrock exception name sent as `x-amzn-ErrorType` */
  name: string;
}

/** code → HTTP status and Bedrock exception name; a `Record` over the codes, so a new code without a row does not compile. */
export const ERROR_SHAPES: Record<GatewayErrorCode, ErrorShape> = {
  "missing-key": { status: 403, name: "UnrecognizedClientException" },
  "unknown-key": { status: 403, name: "UnrecognizedClientException" },
  "access-denied": { status: 403, name: "AccessDeniedException" },
  "budget-exceeded": { status: 400, name: "ServiceQuotaExceededException" },
  "rate-limited": { status: 429, name: "ThrottlingException" },
  "bad-request": { status: 400, name: "ValidationException" },
  "not-found": { status: 404, name: "ResourceNotFoundException" },
  "body-too-large": { status: 413, name: "ValidationException" },
  "upstream-unreachable": { status: 503, name: "ServiceUnavailableException" },
  "upstream-timeout": { status: 408, name: "ModelTimeoutException" },
  internal: { status: 500, name: "InternalServerException" },
};

export interface GatewayErrorOptions {
  /** seconds, sent as `Retry-After` (rate limits, cooldowns) */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class GatewayError extends Error {
  override readonly name = "GatewayError";
  readonly code: GatewayErrorCode;
  readonly retryAfterSeconds?: number;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_SHAPES[this.code].status;
  }

  get bedrockName(): string {
    return ERROR_SHAPES[this.code].name;
  }
}

/** True when `value` is a GatewayError (also across package copies). */
export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError || (value instanceof Error && value.name === "GatewayError" && "code" in value);
}

/** Turns anything thrown into a GatewayError, once, at the boundary. Unknown errors become `internal`. */
export function toGatewayError(value: unknown): GatewayError {
  if (isGatewayError(value)) return value;
  return new GatewayError("internal", "The gateway hit an unexpected error; see its log for details.", { cause: value });
}
