import type { ServiceName } from "../types.js";

type StatusByService = Readonly<Partial<Record<ServiceName, number>>>;

const both = (status: number): StatusByService => ({ "bedrock-runtime": status, "bedrock-agent-runtime": status });

/** Modeled exceptions and their HTTP status per service (fact sheet §5.1), plus Coral's framework errors. */
const ERROR_STATUSES: Readonly<Record<string, StatusByService>> = {
  ValidationException: both(400),
  ServiceQuotaExceededException: both(400),
  ConflictException: { "bedrock-runtime": 400, "bedrock-agent-runtime": 409 },
  AccessDeniedException: both(403),
  ResourceNotFoundException: both(404),
  ModelTimeoutException: { "bedrock-runtime": 408 },
  ThrottlingException: both(429),
  ModelNotReadyException: { "bedrock-runtime": 429, "bedrock-agent-runtime": 424 },
  ModelErrorException: { "bedrock-runtime": 424 },
  ModelStreamErrorException: { "bedrock-runtime": 424 },
  DependencyFailedException: { "bedrock-agent-runtime": 424 },
  InternalServerException: both(500),
  BadGatewayException: { "bedrock-agent-runtime": 502 },
  ServiceUnavailableException: both(503),
  UnrecognizedClientException: both(403),
  InvalidSignatureException: both(403),
  IncompleteSignatureException: both(403),
  MissingAuthenticationTokenException: both(403),
  UnknownOperationException: both(404),
  SerializationException: both(400),
};

/** The usual error behind a bare status, for `[[sim:error status=503]]`-style requests. */
const ERROR_NAMES_BY_STATUS: Readonly<Record<number, Partial<Record<ServiceName, string>>>> = {
  400: { "bedrock-runtime": "ValidationException", "bedrock-agent-runtime": "ValidationException" },
  403: { "bedrock-runtime": "AccessDeniedException", "bedrock-agent-runtime": "AccessDeniedException" },
  404: { "bedrock-runtime": "ResourceNotFoundException", "bedrock-agent-runtime": "ResourceNotFoundException" },
  408: { "bedrock-runtime": "ModelTimeoutException" },
  409: { "bedrock-agent-runtime": "ConflictException" },
  424: { "bedrock-runtime": "ModelErrorException", "bedrock-agent-runtime": "DependencyFailedException" },
  429: { "bedrock-runtime": "ThrottlingException", "bedrock-agent-runtime": "ThrottlingException" },
  500: { "bedrock-runtime": "InternalServerException", "bedrock-agent-runtime": "InternalServerException" },
  502: { "bedrock-agent-runtime": "BadGatewayException" },
  503: { "bedrock-runtime": "ServiceUnavailableException", "bedrock-agent-runtime": "ServiceUnavailableException" },
};

/** Bedrock's wording for the common errors, used when a fault gives no message. */
const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  ThrottlingException: "Too many requests, please wait before trying again.",
  InternalServerException: "The server encountered an internal error while processing the request.",
  ServiceUnavailableException: "Bedrock is unable to process your request.",
  ModelTimeoutException: "Model has timed out in processing the request. Try your request again.",
  ModelNotReadyException: "Model is not ready to serve inference requests. Try again later.",
  ModelErrorException: "The model returned an error.",
  ModelStreamErrorException: "The model stream returned an error.",
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ServiceQuotaExceededException: "Your request exceeded the service quota for your account.",
  ValidationException: "The request failed validation.",
  ResourceNotFoundException: "The requested resource could not be found.",
  DependencyFailedException: "A dependency of the agent failed. Check the resource and try again.",
  BadGatewayException: "There was an issue with a dependency due to a server issue. Retry your request.",
  ConflictException: "There was a conflict performing the operation.",
};

/** Members Bedrock puts next to `message` for some errors, used when a fault gives none. */
const DEFAULT_FIELDS: Readonly<Record<string, Record<string, unknown>>> = {
  ModelStreamErrorException: { originalStatusCode: 500, originalMessage: "The model encountered an error." },
  ModelErrorException: { originalStatusCode: 500, resourceName: "simulated-model" },
};

/**
 * Bedrock's usual extra error members for an error name.
 *
 * @example
 * resolveDefaultFields("ModelStreamErrorException"); // { originalStatusCode: 500, originalMessage: "..." }
 */
export function resolveDefaultFields(errorName: string): Record<string, unknown> {
  return DEFAULT_FIELDS[errorName] ?? {};
}

/**
 * The HTTP status of an error name for a service; unknown names are client errors (400).
 *
 * @example
 * resolveErrorStatus("ModelNotReadyException", "bedrock-agent-runtime"); // 424
 */
export function resolveErrorStatus(errorName: string, service: ServiceName | undefined): number {
  const statuses = ERROR_STATUSES[errorName];
  if (!statuses) return 400;
  return statuses[service ?? "bedrock-runtime"] ?? statuses["bedrock-runtime"] ?? statuses["bedrock-agent-runtime"] ?? 400;
}

/**
 * The error name usually sent with a status by a service.
 *
 * @example
 * resolveErrorName(503, "bedrock-runtime"); // "ServiceUnavailableException"
 */
export function resolveErrorName(status: number, service: ServiceName | undefined): string {
  const names = ERROR_NAMES_BY_STATUS[status];
  return names?.[service ?? "bedrock-runtime"] ?? names?.["bedrock-runtime"] ?? (status >= 500 ? "InternalServerException" : "ValidationException");
}

/**
 * Bedrock's usual message for an error name.
 *
 * @example
 * resolveDefaultMessage("ThrottlingException"); // "Too many requests, please wait before trying again."
 */
export function resolveDefaultMessage(errorName: string): string {
  return DEFAULT_MESSAGES[errorName] ?? `Simulated ${errorName}.`;
}
