import { createAgentTraceEvents } from "./agent-trace-events.js";
import { createConverseStreamEvents } from "./converse-stream-events.js";
import { createEventStreamReader } from "./event-stream-reader.js";
import { createInvokeModelReader } from "./invoke-model-reader.js";
import { createInvokeStreamEvents } from "./invoke-stream-events.js";
import { createJsonBodyReader, readConverseBodyUsage, readCountTokensUsage, readGuardrailUsage } from "./json-body-reader.js";
import type { UsageReaderSpec } from "./usage-reader.js";

const agentTraces: UsageReaderSpec = { create: () => createEventStreamReader(createAgentTraceEvents()) };

/**
 * Where each operation's usage is. Operations not listed report none in Bedrock's responses (RetrieveAndGenerate,
 * Retrieve, InvokeFlow, sessions, async invokes...), so their calls are recorded without usage.
 */
export const USAGE_READERS: Readonly<Record<string, UsageReaderSpec>> = {
  Converse: { create: (context) => createJsonBodyReader(context, readConverseBodyUsage) },
  ConverseStream: { create: () => createEventStreamReader(createConverseStreamEvents()) },
  InvokeModel: { create: createInvokeModelReader },
  InvokeModelWithResponseStream: { create: () => createEventStreamReader(createInvokeStreamEvents()) },
  CountTokens: { free: true, create: (context) => createJsonBodyReader(context, readCountTokensUsage) },
  ApplyGuardrail: { create: (context) => createJsonBodyReader(context, readGuardrailUsage) },
  InvokeAgent: agentTraces,
  InvokeInlineAgent: agentTraces,
};
