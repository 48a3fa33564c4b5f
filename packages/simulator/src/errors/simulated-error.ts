import type { ServiceName } from "../types.js";
import { resolveErrorStatus } from "./error-statuses.js";

const BEDROCK_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/";
const CORAL_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.coral.service/";

/** Errors raised by the request framework (auth, routing) rather than by the Bedrock model, as Coral names them. */
const FRAMEWORK_ERRORS = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
  "MissingAuthenticationTokenException",
  "UnknownOperationException",
  "SerializationException",
]);

export interface SimulatedErrorInit {
  status?: number;
  /** extra members of the error body, e.g. `originalStatusCode` */
  fields?: Record<string, unknown>;
  /** the API-key errors spell the member `Message` */
  messageKey?: "message" | "Message";
}

/** A Bedrock-shaped error: sent as an HTTP error before a stream starts, or as an exception frame inside one. */
export class SimulatedError extends Error {
  readonly errorName: string;
  readonly fields: Record<string, unknown>;
  readonly messageKey: "message" | "Message";
  private readonly explicitStatus: number | undefined;

  constructor(errorName: string, message: string, init: SimulatedErrorInit = {}) {
    super(message);
    this.name = "SimulatedError";
    this.errorName = errorName;
    this.fields = init.fields ?? {};
    this.messageKey = init.messageKey ?? "message";
    this.explicitStatus = init.status;
  }

  /** the HTTP status for the given service */
  statusFor(service: ServiceName | undefined): number {
    return this.explicitStatus ?? resolveErrorStatus(this.errorName, service);
  }

  /** the `x-amzn-ErrorType` header value */
  get errorTypeHeader(): string {
    return `${this.errorName}:${FRAMEWORK_ERRORS.has(this.errorName) ? CORAL_NAMESPACE : BEDROCK_NAMESPACE}`;
  }

  /** the JSON error body */
  toBody(): Record<string, unknown> {
    return { [this.messageKey]: this.message, ...this.fields };
  }
}

/**
 * A 400 ValidationException with the given message.
 *
 * @example
 * throw validationError("The provided model identifier is invalid.");
 */
export function validationError(message: string): SimulatedError {
  return new SimulatedError("ValidationException", message);
}

/**
 * Coral's wording for a required member that is missing.
 *
 * @example
 * missingMemberError("messages"); // 1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null
 */
export function missingMemberError(member: string): SimulatedError {
  return validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

/**
 * Coral's wording for a value outside its pattern.
 *
 * @example
 * patternError("agentId", "x!", "[0-9a-zA-Z]+");
 */
export function patternError(member: string, value: string, pattern: string): SimulatedError {
  return validationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
  );
}

/**
 * The exception-frame type for an error name: the camelCase union member (`ThrottlingException` → `throttlingException`).
 *
 * @example
 * toExceptionType("ModelStreamErrorException"); // "modelStreamErrorException"
 */
export function toExceptionType(errorName: string): string {
  return errorName.charAt(0).toLowerCase() + errorName.slice(1);
}
