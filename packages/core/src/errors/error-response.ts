import type { GatewayReply } from "../gateway/gateway-reply.js";
import { toWebResponse } from "../gateway/gateway-reply.js";
import { toGatewayError } from "./gateway-error.js";

/**
 * Renders any error as a Bedrock-shaped HTTP response: status from the code table, `x-amzn-ErrorType`,
 * `x-amzn-RequestId`, a `{"message"}` JSON body, and `Retry-After` when the error carries one.
 *
 * @example
 * return toErrorResponse(new GatewayError("not-found", "no route"), requestId);
 */
export function toErrorResponse(error: unknown, requestId: string): Response {
  return toWebResponse(toErrorReply(error, requestId), (body, init) => new Response(body, init));
}

/**
 * The same Bedrock-shaped error as a gateway reply (plain headers, the body as bytes with its length), for servers
 * that write Node responses directly.
 *
 * @example
 * writeNodeReply(toErrorReply(error, requestId), res);
 */
export function toErrorReply(error: unknown, requestId: string): GatewayReply {
  const gatewayError = toGatewayError(error);
  const body = Buffer.from(JSON.stringify({ message: gatewayError.message }));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(body.byteLength),
    "x-amzn-errortype": gatewayError.bedrockName,
    "x-amzn-requestid": requestId,
    "x-bedrock-gw-request-id": requestId,
  };
  if (gatewayError.retryAfterSeconds !== undefined) {
    headers["retry-after"] = String(Math.max(0, Math.ceil(gatewayError.retryAfterSeconds)));
  }
  return { status: gatewayError.status, headers, body };
}
