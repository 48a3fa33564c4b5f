import { createEventStreamDecoder } from "../streams/event-stream-decoder.js";
import type { DecodedMessage } from "../streams/event-stream-decoder.js";
import type { UsageReader, UsageReading } from "./usage-reader.js";

/** What a stream's usage looks like once the relay ended. */
export interface StreamConclusion extends UsageReading {
  /** the stream's usage event arrived (ConverseStream `metadata`, IMWRS `amazon-bedrock-invocationMetrics`) */
  complete: boolean;
}

/** One operation's knowledge of its event stream: which events carry usage and how to read them. */
export interface StreamUsageEvents {
  /** each decoded `event` message, in order; its payload is a view valid only during the call */
  onEvent(message: DecodedMessage): void;
  conclude(): StreamConclusion;
}

/**
 * A reader over an AWS event stream: decodes the relayed bytes frame by frame (frames split across chunks are
 * reassembled by the decoder) and hands each event to the operation's `events`. The usage is incomplete when the
 * stream carried an exception, turned out corrupt, stopped inside a frame, or never delivered its usage event.
 *
 * @example
 * const reader = createEventStreamReader(createConverseStreamEvents());
 */
export function createEventStreamReader(events: StreamUsageEvents): UsageReader {
  const decoder = createEventStreamDecoder();
  let exception: string | undefined;
  return {
    onChunk(chunk) {
      for (const message of decoder.push(chunk)) {
        if (message.messageType === "exception" || message.messageType === "error") {
          exception ??= `the stream carried ${message.exceptionType ?? readErrorCode(message) ?? "an error"}`;
        } else {
          events.onEvent(message);
        }
      }
    },
    finish() {
      const { complete, ...reading } = events.conclude();
      const problem = exception ?? decoder.errored ?? (decoder.pendingBytes > 0 ? "the stream stopped inside a frame" : undefined);
      const detail = [reading.detail, problem].filter((text) => text !== undefined).join("; ");
      return {
        ...reading,
        incomplete: !complete || problem !== undefined,
        ...(detail === "" ? {} : { detail }),
      };
    },
  };
}

function readErrorCode(message: DecodedMessage): string | undefined {
  const code = message.headers[":error-code"];
  return typeof code === "string" ? code : undefined;
}
