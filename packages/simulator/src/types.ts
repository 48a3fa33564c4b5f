import type { IncomingHttpHeaders } from "node:http";
import type { NodeRequestListener } from "@bedrock-gw/core";

export type ServiceName = "bedrock-runtime" | "bedrock-agent-runtime";

export type OperationName =
  | "Converse"
  | "ConverseStream"
  | "InvokeModel"
  | "InvokeModelWithResponseStream"
  | "CountTokens"
  | "ApplyGuardrail"
  | "InvokeGuardrailChecks"
  | "StartAsyncInvoke"
  | "GetAsyncInvoke"
  | "ListAsyncInvokes"
  | "InvokeAgent"
  | "Retrieve"
  | "RetrieveAndGenerate"
  | "RetrieveAndGenerateStream"
  | "Rerank";

export interface SimulatorCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SimulatorOptions {
  /** accepted SigV4 credentials (default `[SIMULATOR_CREDENTIALS]`) */
  credentials?: SimulatorCredentials[];
  /** accepted Bedrock API keys for `Authorization: Bearer` (default `[SIMULATOR_API_KEY]`) */
  apiKeys?: string[];
  /** when set, a request signed for another region is rejected as AWS does; when unset any region is accepted */
  region?: string;
  /** delay before response headers (default 0) */
  latencyMs?: number;
  /** delay between stream events (default 0) */
  chunkDelayMs?: number;
  /** add Bedrock's random `"p"` padding field to stream event JSON (default true) */
  padding?: boolean;
  /** milliseconds since the epoch (default `Date.now`) */
  clock?: () => number;
  /** uniform in [0, 1) (default `Math.random`) */
  random?: () => number;
  /** how long an async invocation stays InProgress, in simulator time (default 0: Completed at once) */
  asyncInvokeDurationMs?: number;
  /** how many requests `requests` keeps, oldest dropped first (default 10,000), so long runs stay bounded */
  maxRecordedRequests?: number;
  /** extra model ids accepted besides the built-in catalog, mapped to a body family (default family: by body shape) */
  models?: Record<string, ModelFamily | undefined>;
}

export type ModelFamily =
  | "anthropic"
  | "nova"
  | "titan-text"
  | "titan-embed"
  | "llama"
  | "mistral"
  | "cohere-command"
  | "cohere-embed"
  | "openai";

export type AuthMode = "sigv4" | "bearer" | "none";

/** One request as the simulator saw it; fields after `headers` are filled in as the request progresses. */
export interface RecordedRequest {
  /** the `x-amzn-RequestId` sent back */
  requestId: string;
  receivedAt: number;
  protocol: "http/1.1" | "h2";
  method: string;
  /** the path exactly as received on the wire, without the query string */
  path: string;
  /** the raw query string without `?` ("" when none) */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  service?: ServiceName;
  operation?: OperationName;
  /** path labels, percent-decoded */
  labels: Record<string, string>;
  /** the model label of model operations (decoded), or StartAsyncInvoke's body modelId */
  modelId?: string;
  auth: AuthMode;
  /** region from the SigV4 credential scope */
  region?: string;
  accessKeyId?: string;
  signedHeaders?: string[];
  /** undefined when no SigV4 signature was checked */
  signatureValid?: boolean;
  /** whether `x-amz-content-sha256`, when sent, equals the SHA-256 of the received body */
  payloadHashMatches?: boolean;
  /** bearer key presented */
  apiKey?: string;
  /** status sent (undefined while pending or when the connection was dropped before headers) */
  status?: number;
  /** error name sent (HTTP error or in-stream exception) */
  errorType?: string;
  /** the faults applied to this request (injected or asked for by a directive) */
  faults: Fault[];
  /** event-stream messages written */
  eventsSent: number;
  /** the response ended normally */
  completed: boolean;
  /** the client closed the connection (or reset the stream) before the response ended */
  clientAborted: boolean;
}

export interface FaultMatch {
  /** only requests for these operations (default: any) */
  operation?: OperationName | OperationName[];
  /** only requests for this model: the label as sent, or its base model id (default: any) */
  model?: string;
  /** how many matching requests the fault applies to (default 1) */
  times?: number;
}

export type FaultAction =
  /** 429 ThrottlingException with Bedrock's message */
  | { kind: "throttle"; message?: string }
  /** any modeled error by name (status from the service's table unless given), e.g. InternalServerException */
  | { kind: "error"; name: string; status?: number; message?: string; fields?: Record<string, unknown> }
  /** an exception frame after N events of an event stream (default modelStreamErrorException) */
  | { kind: "stream-exception"; afterEvents: number; exceptionType?: string; message?: string; fields?: Record<string, unknown> }
  /** the connection is dropped: before headers when afterEvents is undefined, else after N stream events */
  | { kind: "drop-connection"; afterEvents?: number }
  /** extra delay before the response headers */
  | { kind: "delay"; ms: number };

export type Fault = FaultMatch & FaultAction;

export interface Simulator {
  /** usable with `createDualProtocolServer` or `node:http` directly */
  handler: NodeRequestListener;
  /** listens on HTTP/1.1 + h2c (default 127.0.0.1, port 0 = any free port) */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  /** the requests seen, in arrival order (the last `maxRecordedRequests`) */
  readonly requests: RecordedRequest[];
  /** queue a fault; it is consumed by matching requests */
  injectFault(fault: Fault): void;
  clearFaults(): void;
}
