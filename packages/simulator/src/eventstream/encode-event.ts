import { EventStreamCodec } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/core/serde";

export interface EventEncoder {
  /** an `:message-type: event` frame with a JSON payload */
  encodeEvent(eventType: string, payload: unknown): Uint8Array;
  /** an `:message-type: exception` frame with a JSON error payload */
  encodeException(exceptionType: string, payload: unknown): Uint8Array;
}

const JSON_TYPE = { type: "string", value: "application/json" } as const;

/**
 * Encodes complete event-stream messages (prelude, headers, payload, both CRCs) with the SDK's own codec.
 * Header order follows Bedrock: `:event-type`, `:content-type`, `:message-type`.
 *
 * @example
 * const frame = createEventEncoder().encodeEvent("messageStop", { stopReason: "end_turn" });
 */
export function createEventEncoder(): EventEncoder {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  return {
    encodeEvent(eventType, payload) {
      return codec.encode({
        headers: {
          ":event-type": { type: "string", value: eventType },
          ":content-type": JSON_TYPE,
          ":message-type": { type: "string", value: "event" },
        },
        body: fromUtf8(JSON.stringify(payload)),
      });
    },
    encodeException(exceptionType, payload) {
      return codec.encode({
        headers: {
          ":exception-type": { type: "string", value: exceptionType },
          ":content-type": JSON_TYPE,
          ":message-type": { type: "string", value: "exception" },
        },
        body: fromUtf8(JSON.stringify(payload)),
      });
    },
  };
}

const PADDING_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * Bedrock's `"p"` padding (obs): a prefix of the alphabet of random length, which hides the payload size.
 *
 * @example
 * createPadding(() => 0.5); // "abcdefghijklmnopqrstuvwxyzABCDEF"
 */
export function createPadding(random: () => number): string {
  return PADDING_ALPHABET.slice(0, 1 + Math.floor(random() * PADDING_ALPHABET.length));
}
