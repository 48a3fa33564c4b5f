/** The two Bedrock data-plane services the gateway fronts. */
export type ServiceName = "bedrock-runtime" | "bedrock-agent-runtime";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One row of the operation table: method + path template → what the call is. */
export interface OperationSpec {
  service: ServiceName;
  /** the Smithy operation name, e.g. `ConverseStream` */
  operation: string;
  method: HttpMethod;
  /** path template as in the Smithy model, e.g. `/model/{modelId}/converse-stream` (trailing slash significant) */
  template: string;
  /** the response is an event stream */
  streaming: boolean;
  /** name of the label that holds a model id, when the path carries one */
  modelLabel?: string;
  /** the operation carries its model id in the JSON body under this field (StartAsyncInvoke: `modelId`) */
  bodyModelField?: string;
  /**
   * the one label that may span several raw path segments: an id that may be an ARN, sent by a hand-made client
   * with its `/` unencoded (`/model/arn:aws:bedrock:...:application-inference-profile/abc/converse`). Its value is
   * the decoded segments joined with `/`. Every other label is exactly one segment.
   */
  spanningLabel?: string;
  /** set when the gateway refuses the operation, with the reason it tells the client */
  unsupportedReason?: string;
}

/** A request path matched against the table. */
export interface MatchedOperation {
  kind: "operation";
  spec: OperationSpec;
  /** label name → percent-decoded value (a model label may have spanned several raw segments, e.g. a raw ARN) */
  labels: Record<string, string>;
  /** the decoded model label, when the spec has one */
  model?: string;
  /**
   * Builds the upstream path for this operation: every label re-encoded as one segment the way the AWS SDK does
   * (`:` → `%3A`, `/` → `%2F`), with the model label replaced by `modelId` when given.
   */
  toUpstreamPath(modelId?: string): string;
}

/** A path under /bedrock/ that matches no template but is safe to forward to bedrock-runtime as it is. */
export interface UnknownRuntimePath {
  kind: "unknown-runtime";
  /** the raw path as received (already validated as safe) */
  path: string;
}

/** A path that is refused (traversal, bad characters, agent-runtime-looking but unknown, ...). */
export interface RejectedPath {
  kind: "rejected";
  status: 400 | 404;
  reason: string;
}

export type PathClassification = MatchedOperation | UnknownRuntimePath | RejectedPath;
