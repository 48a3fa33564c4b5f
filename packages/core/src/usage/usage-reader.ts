import type { HeaderReader } from "../internal/header-reader.js";
import type { ModelFamily, RelayEnd, Usage, UsageSource } from "./types.js";

/** What one reader found once the relay ended. */
export interface UsageReading {
  usage?: Usage;
  source: UsageSource;
  /** the response ended before its usage was complete (no usage event, an exception, a corrupt stream) */
  incomplete?: boolean;
  modelId?: string;
  detail?: string;
}

/** Reads one operation's usage from a 2xx response: fed every relayed chunk, then the end of the relay. */
export interface UsageReader {
  onChunk(chunk: Uint8Array): void;
  finish(end: RelayEnd): UsageReading;
}

export interface UsageReaderContext {
  headers: HeaderReader;
  modelFamily: ModelFamily;
  /** the most body bytes a reader keeps for a usage in the body; past it the usage is given up */
  maxBodyBytes: number;
}

/** One row of the operation → reader table. */
export interface UsageReaderSpec {
  /** the operation costs nothing (CountTokens) */
  free?: boolean;
  create(context: UsageReaderContext): UsageReader;
}
