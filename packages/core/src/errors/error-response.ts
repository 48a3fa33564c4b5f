import { toGatewayError } from "./gateway-error.js";

/**
 * Renders any error as a Bedrock-shaped HTTP response: status from the code table, `x-amzn-ErrorType`,
 * `x-amzn-RequestId`, a `{"message"}` JSON body, and `Retry-After` when the error carries one.
 *
 * @example
 * return toErrorResponse(new GatewayError("not-found", "no route"), requestId);
 */
export function toErrorResponse(error: unknown, requestId: string): Response {
  const gatewayError = toGatewayError(error);
  const headers = new Headers({
    "content-type": "application/json",
    "x-amzn-errortype": gatewayError.bedrockName,
    "x-amzn-requestid": requestId,
    "x-bedrock-gw-request-id": requestId,
  });
  if (gatewayError.retryAfterSeconds !== undefined) {
    headers.set("retry-after", String(Math.max(0, Math.ceil(gatewayError.retryAfterSeconds))));
  }
  return new Response(JSON.stringify({ message: gatewayError.message }), { status: gatewayError.status, headers });
}
