import { decodeJsonPayload } from "../streams/event-stream-decoder.js";
import { createUsage, hasTokenCounts } from "./create-usage.js";
import { readConverseUsage } from "./read-provider-usage.js";
import type { StreamUsageEvents } from "./event-stream-reader.js";
import type { Usage } from "./types.js";

/**
 * ConverseStream: the usage is in the last event, `metadata` (fact sheet §4.3); no other event is parsed.
 *
 * @example
 * const reader = createEventStreamReader(createConverseStreamEvents());
 */
export function createConverseStreamEvents(): StreamUsageEvents {
  let usage: Usage | undefined;
  return {
    onEvent(message) {
      if (message.eventType !== "metadata") return;
      const counts = readConverseUsage((decodeJsonPayload(message) as { usage?: unknown } | undefined)?.usage);
      if (hasTokenCounts(counts)) usage = createUsage(counts);
    },
    conclude: () => (usage === undefined ? { source: "none", complete: false } : { usage, source: "stream-metadata", complete: true }),
  };
}
