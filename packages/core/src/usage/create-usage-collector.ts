import { resolveModelFamily } from "./resolve-model-family.js";
import type { ModelFamily, RelayEnd, UsageCollector, UsageResult } from "./types.js";
import type { UsageReader, UsageReading } from "./usage-reader.js";
import { USAGE_READERS } from "./usage-readers.js";

export interface UsageCollectorInput {
  /** the Bedrock operation name (`Converse`, `InvokeModelWithResponseStream`, `InvokeAgent`, ...) */
  operation: string;
  /** the model id sent upstream; gives the family when `modelFamily` is not set */
  modelId?: string;
  modelFamily?: ModelFamily;
  /** the most bytes of a body kept to read its usage (default 8 MiB); past it the usage is given up */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * Reads the usage of one call from a copy of what is relayed: `onHeaders` once, `onChunk` for every relayed chunk
 * (copied only when the operation's usage is in the body, never kept whole for streams), `finish` at the end of the
 * relay. A non-2xx response has no usage. A failure inside a reader never reaches the relay: the call is then
 * recorded without usage, marked partial, with the reason in `detail`.
 *
 * @example
 * const collector = createUsageCollector({ operation: "ConverseStream", modelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0" });
 * collector.onHeaders(response.status, response.headers);
 * relayBody(body, { eventStream: true, onChunk: (chunk) => collector.onChunk(chunk), onDone: (outcome) => record(collector.finish(outcome.kind)) });
 */
export function createUsageCollector(input: UsageCollectorInput): UsageCollector {
  const spec = Object.hasOwn(USAGE_READERS, input.operation) ? USAGE_READERS[input.operation] : undefined;
  const free = spec?.free === true;
  let success = false;
  let reader: UsageReader | undefined;
  let failure: string | undefined;

  const guard = (step: string, run: () => void): void => {
    if (failure !== undefined) return;
    try {
      run();
    } catch (error) {
      failure = `usage reader for ${input.operation} failed in ${step}: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  return {
    onHeaders(status, headers) {
      success = status >= 200 && status <= 299;
      if (!success || spec === undefined) return;
      const modelFamily = input.modelFamily ?? (input.modelId === undefined ? "other" : resolveModelFamily(input.modelId));
      guard("onHeaders", () => {
        reader = spec.create({ headers, modelFamily, maxBodyBytes: input.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
      });
    },
    onChunk(chunk) {
      if (reader !== undefined) guard("onChunk", () => reader!.onChunk(chunk));
    },
    finish(end: RelayEnd): UsageResult {
      if (!success) return { source: "none", free, partial: false };
      const cut = end !== "complete";
      if (reader === undefined || failure !== undefined) {
        return { source: "none", free, partial: cut || failure !== undefined, ...(failure === undefined ? {} : { detail: failure }) };
      }
      let result: UsageResult = { source: "none", free, partial: true };
      guard("finish", () => {
        result = toResult(reader!.finish(end), free, cut);
      });
      return failure === undefined ? result : { ...result, detail: failure };
    },
  };
}

/** the reading as the call's result, field by field (an object rest and spread here cost more than the reading) */
function toResult(reading: UsageReading, free: boolean, cut: boolean): UsageResult {
  const result: UsageResult = { source: reading.source, free, partial: cut || reading.incomplete === true };
  if (reading.usage !== undefined) result.usage = reading.usage;
  if (reading.modelId !== undefined) result.modelId = reading.modelId;
  if (reading.detail !== undefined) result.detail = reading.detail;
  return result;
}

