import type { DecodedMessage } from "../streams/event-stream-decoder.js";
import { createUsage, readCount, readPath, readRecord } from "./create-usage.js";
import type { UsageCounts } from "./create-usage.js";
import type { StreamConclusion, StreamUsageEvents } from "./event-stream-reader.js";
import { readAnthropicUsage, readConverseUsage, readLlamaUsage } from "./read-provider-usage.js";
import type { Usage, UsageSource } from "./types.js";

/** Usage the provider itself reported inside its chunks (richer than the metrics: cache TTL split). */
interface ProviderUsage {
  counts: UsageCounts;
  source: UsageSource;
  /** the provider's own last event arrived (Anthropic `message_stop`, Llama `stop_reason`, ...) */
  done: boolean;
}

interface InvokeStreamState {
  /** `amazon-bedrock-invocationMetrics`: Bedrock's own count, on the last chunk of every provider */
  metrics?: UsageCounts;
  provider?: ProviderUsage;
}

type ChunkReader = (inner: Record<string, unknown>, state: InvokeStreamState) => void;

// Only an inner event containing one of these is JSON-parsed; text deltas (most chunks) are skipped unparsed
// (a delta whose text happens to contain one is parsed and then ignored).
const USAGE_NEEDLES = ["usage", "invocationMetrics", "message_stop", "_token_count", "TokenCount"];

const METRICS_FIELDS = [
  ["inputTokens", "inputTokenCount"],
  ["outputTokens", "outputTokenCount"],
  ["cacheReadInputTokens", "cacheReadInputTokenCount"],
  ["cacheWriteInputTokens", "cacheWriteInputTokenCount"],
] as const satisfies readonly (readonly [keyof UsageCounts, string])[];

/** Anthropic Messages stream events (fact sheet §4.4): input and cache counts first, cumulative output after. */
const ANTHROPIC_EVENTS: Readonly<Record<string, ChunkReader>> = {
  message_start: (inner, state) => updateProvider(state, readAnthropicUsage(readPath(inner, ["message", "usage"])), "anthropic-stream"),
  message_delta: (inner, state) => updateProvider(state, readAnthropicUsage(inner.usage), "anthropic-stream"),
  message_stop: (_inner, state) => {
    if (state.provider?.source === "anthropic-stream") state.provider.done = true;
  },
};

/** Every inner event is offered to every reader: the provider shapes use distinct fields, and an opaque model id
 * (application inference profile) says nothing about the family. */
const CHUNK_READERS: readonly ChunkReader[] = [
  (inner, state) => {
    const metrics = readRecord(inner["amazon-bedrock-invocationMetrics"]);
    if (metrics === undefined) return;
    const counts: UsageCounts = {};
    for (const [field, name] of METRICS_FIELDS) counts[field] = readCount(metrics[name]);
    state.metrics = counts;
  },
  (inner, state) => {
    const type = inner.type;
    if (typeof type === "string" && Object.hasOwn(ANTHROPIC_EVENTS, type)) ANTHROPIC_EVENTS[type]!(inner, state);
  },
  // Nova: `{"metadata": {"usage": {inputTokens, outputTokens, cacheReadInputTokenCount?, ...}}}`
  (inner, state) => {
    const counts = readConverseUsage(readPath(inner, ["metadata", "usage"]));
    if (counts !== undefined) updateProvider(state, counts, "stream-metadata", true);
  },
  // Llama: every chunk has `generation_token_count` (cumulative); the first also `prompt_token_count`
  (inner, state) => {
    const counts = readLlamaUsage(inner);
    if (counts !== undefined) updateProvider(state, counts, "stream-metadata", typeof inner.stop_reason === "string");
  },
  // Titan text: `inputTextTokenCount` and the cumulative `totalOutputTextTokenCount` on each chunk
  (inner, state) => {
    const counts: UsageCounts = {
      inputTokens: readCount(inner.inputTextTokenCount),
      outputTokens: readCount(inner.totalOutputTextTokenCount),
    };
    if (counts.inputTokens !== undefined || counts.outputTokens !== undefined) {
      updateProvider(state, counts, "stream-metadata", typeof inner.completionReason === "string");
    }
  },
];

/**
 * InvokeModelWithResponseStream: decodes each `chunk` event's base64 `bytes` and reads the provider event inside.
 * `amazon-bedrock-invocationMetrics` (last chunk, every provider) is the universal source; the provider's own
 * counts (Anthropic `message_start`/`message_delta`, Nova `metadata`, Llama and Titan chunk counts) are used when
 * they agree with it (they carry the cache TTL split) and stand in for it when the stream dies before it.
 *
 * @example
 * const reader = createEventStreamReader(createInvokeStreamEvents());
 */
export function createInvokeStreamEvents(): StreamUsageEvents {
  const state: InvokeStreamState = {};
  return {
    onEvent(message) {
      if (message.eventType !== "chunk") return;
      const inner = readChunkBytes(message.payload);
      if (inner === undefined || !USAGE_NEEDLES.some((needle) => inner.includes(needle))) return;
      const event = parseObject(inner.toString("utf8"));
      if (event !== undefined) for (const read of CHUNK_READERS) read(event, state);
    },
    conclude: () => concludeInvokeStream(state),
  };
}

function concludeInvokeStream({ metrics, provider }: InvokeStreamState): StreamConclusion {
  const fromProvider = provider === undefined ? undefined : createUsage(provider.counts);
  if (metrics !== undefined && (metrics.inputTokens !== undefined || metrics.outputTokens !== undefined)) {
    if (provider === undefined || fromProvider === undefined) return { usage: createUsage(metrics), source: "invocation-metrics", complete: true };
    if (agreesWithMetrics(metrics, fromProvider)) return { usage: fromProvider, source: provider.source, complete: true };
    return {
      usage: mergeOverMetrics(metrics, provider.counts),
      source: "invocation-metrics",
      complete: true,
      detail: `invocationMetrics ${describe(createUsage(metrics))} and the ${provider.source} usage ${describe(fromProvider)} disagree; the metrics were used`,
    };
  }
  if (provider === undefined || fromProvider === undefined) return { source: "none", complete: false };
  return { usage: fromProvider, source: provider.source, complete: provider.done };
}

/** A count the metrics leave out (no cache fields) does not count as a disagreement. */
function agreesWithMetrics(metrics: UsageCounts, usage: Usage): boolean {
  return (
    (metrics.inputTokens ?? usage.inputTokens) === usage.inputTokens &&
    (metrics.outputTokens ?? usage.outputTokens) === usage.outputTokens &&
    (metrics.cacheReadInputTokens ?? usage.cacheReadInputTokens) === usage.cacheReadInputTokens &&
    (metrics.cacheWriteInputTokens ?? usage.cacheWriteInputTokens) === usage.cacheWriteInputTokens
  );
}

/** The metrics' counts win; the provider fills what they leave out, and its TTL split is kept only if it still adds up. */
function mergeOverMetrics(metrics: UsageCounts, provider: UsageCounts): Usage {
  const merged: UsageCounts = { ...provider, ...defined(metrics) };
  const writes = createUsage(provider).cacheWriteInputTokens;
  if (metrics.cacheWriteInputTokens !== undefined && metrics.cacheWriteInputTokens !== writes) {
    delete merged.cacheWrite5mInputTokens;
    delete merged.cacheWrite1hInputTokens;
  }
  return createUsage(merged);
}

function updateProvider(state: InvokeStreamState, counts: UsageCounts | undefined, source: UsageSource, done = false): void {
  if (counts === undefined) return;
  const previous = state.provider?.source === source ? state.provider.counts : {};
  state.provider = { counts: { ...previous, ...defined(counts) }, source, done: done || (state.provider?.done ?? false) };
}

function defined(counts: UsageCounts): UsageCounts {
  const out: UsageCounts = {};
  for (const [field, value] of Object.entries(counts) as [keyof UsageCounts, number | undefined][]) {
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function describe(usage: Usage): string {
  return `(input ${usage.inputTokens}, output ${usage.outputTokens}, cache read ${usage.cacheReadInputTokens}, cache write ${usage.cacheWriteInputTokens})`;
}

/**
 * The decoded `bytes` of a chunk payload `{"bytes":"<base64>","p":"..."}`, found without parsing the JSON (base64
 * needs no escapes); a payload in another layout is parsed instead.
 */
function readChunkBytes(payload: DecodedMessage["payload"]): Buffer | undefined {
  const json = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const key = json.indexOf('"bytes":"');
  if (key >= 0) {
    const start = key + '"bytes":"'.length;
    const end = json.indexOf(0x22, start);
    const escaped = json.indexOf(0x5c, start);
    if (end > start && (escaped < 0 || escaped > end)) return Buffer.from(json.toString("latin1", start, end), "base64");
  }
  const bytes = parseObject(json.toString("utf8"))?.bytes;
  return typeof bytes === "string" ? Buffer.from(bytes, "base64") : undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return readRecord(JSON.parse(text));
  } catch {
    return undefined;
  }
}
