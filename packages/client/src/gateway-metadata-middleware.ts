import type { AbsoluteLocation, DeserializeHandlerOptions, DeserializeMiddleware, Pluggable } from "@smithy/types";
import { attachGatewayMetadata, readGatewayMetadata } from "./gateway-metadata.js";

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Placement of the metadata middleware: first in the deserialize step, so it wraps the SDK's deserializer and
 * sees both the deserialized output and the typed exception it throws.
 *
 * @example
 * client.middlewareStack.add(gatewayMetadataMiddleware(), gatewayMetadataMiddlewareOptions);
 */
export const gatewayMetadataMiddlewareOptions: DeserializeHandlerOptions & AbsoluteLocation & { name: string; override: boolean } = {
  name: "bedrockGatewayMetadataMiddleware",
  step: "deserialize",
  priority: "high",
  tags: ["BEDROCK_GW", "METADATA"],
  override: true,
};

/**
 * A deserialize-step middleware that records the gateway's response headers (`x-bedrock-gw-request-id`,
 * `x-bedrock-gw-cost`, `server-timing`) on the command output, or on the error the call throws; read them with
 * `getGatewayMetadata`.
 *
 * @example
 * client.middlewareStack.add(gatewayMetadataMiddleware(), gatewayMetadataMiddlewareOptions);
 */
export function gatewayMetadataMiddleware(): DeserializeMiddleware<object, object> {
  return (next) => async (args) => {
    try {
      const result = await next(args);
      record(result.output, result.response);
      return result;
    } catch (error) {
      if (typeof error === "object" && error !== null) record(error, (error as { $response?: unknown }).$response);
      throw error;
    }
  };
}

function record(target: unknown, response: unknown): void {
  const headers = (response as { headers?: HeaderBag } | undefined)?.headers;
  if (typeof target !== "object" || target === null || typeof headers !== "object" || headers === null) return;
  const metadata = readGatewayMetadata(headers);
  if (metadata) attachGatewayMetadata(target, metadata);
}

/**
 * The plugin form of the metadata middleware. Applying it again replaces the earlier one.
 *
 * @example
 * client.middlewareStack.use(getGatewayMetadataPlugin());
 * getGatewayMetadata(await client.send(command))?.requestId;
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one plugin for every client's input and output types
export function getGatewayMetadataPlugin(): Pluggable<any, any> {
  return {
    applyToStack: (stack) => {
      stack.add(gatewayMetadataMiddleware(), gatewayMetadataMiddlewareOptions);
    },
  };
}
