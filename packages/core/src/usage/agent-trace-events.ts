import { decodeJsonPayload } from "../streams/event-stream-decoder.js";
import { addUsage, createUsage, hasTokenCounts, readPath } from "./create-usage.js";
import type { StreamUsageEvents } from "./event-stream-reader.js";
import { readConverseUsage } from "./read-provider-usage.js";
import type { Usage } from "./types.js";

/** The agent trace kinds whose model invocations report usage (fact sheet §4.5). */
const TRACE_KINDS = ["orchestrationTrace", "preProcessingTrace", "postProcessingTrace", "routingClassifierTrace"] as const;

// `modelInvocationInput` events carry the whole prompt, so the model id is matched in the text, not parsed out of it.
// An unescaped `"` can only close a JSON string, so the pattern cannot match inside the prompt text.
const FOUNDATION_MODEL = /"foundationModel"\s*:\s*"([^"\\]+)"/;

/**
 * InvokeAgent / InvokeInlineAgent: sums `trace.<kind>.modelInvocationOutput.metadata.usage` over every model
 * invocation the trace events report (only with `enableTrace`). No trace with usage → no usage. The model is taken
 * from `modelInvocationInput.foundationModel` when all invocations name the same one.
 *
 * @example
 * const reader = createEventStreamReader(createAgentTraceEvents());
 */
export function createAgentTraceEvents(): StreamUsageEvents {
  let usage: Usage | undefined;
  const models = new Set<string>();
  return {
    onEvent(message) {
      if (message.eventType !== "trace") return;
      const { payload } = message;
      const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      if (text.includes('"foundationModel"')) {
        const model = FOUNDATION_MODEL.exec(text.toString("utf8"))?.[1];
        if (model !== undefined) models.add(model);
      }
      if (!text.includes('"usage"')) return;
      const trace = readPath(decodeJsonPayload(message), ["trace"]);
      for (const kind of TRACE_KINDS) {
        const counts = readConverseUsage(readPath(trace, [kind, "modelInvocationOutput", "metadata", "usage"]));
        if (hasTokenCounts(counts)) usage = usage === undefined ? createUsage(counts) : addUsage(usage, createUsage(counts));
      }
    },
    conclude() {
      const modelId = models.size === 1 ? { modelId: [...models][0]! } : {};
      // an agent stream has no closing usage event: a stream that ended cleanly is complete, traces or not
      return usage === undefined ? { source: "none", complete: true, ...modelId } : { usage, source: "agent-trace", complete: true, ...modelId };
    },
  };
}
