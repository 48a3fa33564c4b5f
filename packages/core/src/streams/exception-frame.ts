import { EventStreamCodec } from "@smithy/core/event-streams";

const toUtf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
const fromUtf8 = (text: string): Uint8Array => Buffer.from(text, "utf8");

/**
 * Encodes an event-stream exception message (`:message-type: exception`), the way Bedrock reports a failure
 * after a 200 has started streaming. Every SDK raises it as the modeled exception named by `exceptionType`
 * (camelCase member name, e.g. `internalServerException`).
 *
 * @example
 * controller.enqueue(encodeExceptionFrame("internalServerException", "upstream connection lost"));
 */
export function encodeExceptionFrame(exceptionType: string, message: string): Uint8Array {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  return codec.encode({
    headers: {
      ":message-type": { type: "string", value: "exception" },
      ":exception-type": { type: "string", value: exceptionType },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}
