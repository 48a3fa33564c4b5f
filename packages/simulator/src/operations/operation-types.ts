import type { IncomingHttpHeaders } from "node:http";
import type { ResolvedModel } from "../models/resolve-model.js";
import type { PromptCache } from "../prompt/prompt-cache.js";
import type { AsyncInvokeStore } from "../state/async-invoke-store.js";
import type { OperationName, ServiceName } from "../types.js";

export interface OperationContext {
  operation: OperationName;
  service: ServiceName;
  labels: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** the resolved model of model operations */
  model?: ResolvedModel;
  /** region of the request (credential scope, else the configured one, else us-east-1) */
  region: string;
  /** the time the response headers will be sent after, for latency metrics */
  latencyMs: number;
  /** the delay between stream events, for stream latency metrics */
  chunkDelayMs: number;
  promptCache: PromptCache;
  asyncInvokes: AsyncInvokeStore;
  resolveModel: (label: string) => ResolvedModel;
  clock: () => number;
  random: () => number;
}

export interface StreamEvent {
  eventType: string;
  payload: Record<string, unknown>;
}

export type OperationResult =
  | { kind: "json"; status?: number; headers?: Record<string, string>; body: unknown }
  | { kind: "bytes"; headers: Record<string, string>; body: Buffer }
  /** `padded`: Bedrock adds its `"p"` field to these events */
  | { kind: "stream"; headers?: Record<string, string>; events: StreamEvent[]; padded: boolean };

export type OperationHandler = (context: OperationContext) => OperationResult;
