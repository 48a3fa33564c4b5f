import type { HttpMethod, OperationSpec, ServiceName } from "./types.js";

type RowExtra = Partial<Pick<OperationSpec, "streaming" | "modelLabel" | "bodyModelField" | "spanningLabel" | "unsupportedReason">>;
type Row = readonly [operation: string, method: HttpMethod, template: string, extra?: RowExtra];

const STREAM = { streaming: true } as const;
const MODEL = { modelLabel: "modelId", spanningLabel: "modelId" } as const;

// bedrock-runtime, botocore 1.43.67 / @aws-sdk/client-bedrock-runtime 3.1163 (fact sheet §2).
const RUNTIME_ROWS: readonly Row[] = [
  ["Converse", "POST", "/model/{modelId}/converse", MODEL],
  ["ConverseStream", "POST", "/model/{modelId}/converse-stream", { ...MODEL, ...STREAM }],
  ["InvokeModel", "POST", "/model/{modelId}/invoke", MODEL],
  ["InvokeModelWithResponseStream", "POST", "/model/{modelId}/invoke-with-response-stream", { ...MODEL, ...STREAM }],
  [
    "InvokeModelWithBidirectionalStream",
    "POST",
    "/model/{modelId}/invoke-with-bidirectional-stream",
    {
      ...MODEL,
      ...STREAM,
      // its request body is an event stream signed message by message, so a gateway must re-sign every event;
      // Bedrock API keys cannot call it either
      unsupportedReason: "InvokeModelWithBidirectionalStream is not supported by this gateway yet; call Bedrock directly for it.",
    },
  ],
  ["CountTokens", "POST", "/model/{modelId}/count-tokens", MODEL],
  [
    "ApplyGuardrail",
    "POST",
    "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply",
    { spanningLabel: "guardrailIdentifier" },
  ],
  ["InvokeGuardrailChecks", "POST", "/guardrail-checks/invoke"],
  ["StartAsyncInvoke", "POST", "/async-invoke", { bodyModelField: "modelId" }],
  ["GetAsyncInvoke", "GET", "/async-invoke/{invocationArn}", { spanningLabel: "invocationArn" }],
  ["ListAsyncInvokes", "GET", "/async-invoke"],
];

const FLOW_ALIAS = "/flows/{flowIdentifier}/aliases/{flowAliasIdentifier}";
const FLOW_EXECUTION = `${FLOW_ALIAS}/executions/{executionIdentifier}`;
const AGENT_ALIAS = "/agents/{agentId}/agentAliases/{agentAliasId}";
const DATA_SOURCE = "/knowledgebases/{knowledgeBaseId}/datasources/{dataSourceId}";
const SESSION = "/sessions/{sessionIdentifier}";
const TAGS = { spanningLabel: "resourceArn" } as const;

// bedrock-agent-runtime, botocore 1.43.67 / @aws-sdk/client-bedrock-agent-runtime 3.1162 (fact sheet §3).
// Trailing slashes are part of the templates: `PUT /sessions/` is CreateSession, `PATCH /sessions/{id}` EndSession.
const AGENT_RUNTIME_ROWS: readonly Row[] = [
  ["InvokeAgent", "POST", `${AGENT_ALIAS}/sessions/{sessionId}/text`, STREAM],
  ["InvokeInlineAgent", "POST", "/agents/{sessionId}", STREAM],
  ["GetAgentMemory", "GET", `${AGENT_ALIAS}/memories`],
  ["DeleteAgentMemory", "DELETE", `${AGENT_ALIAS}/memories`],
  ["InvokeFlow", "POST", FLOW_ALIAS, STREAM],
  ["StartFlowExecution", "POST", `${FLOW_ALIAS}/executions`],
  ["GetFlowExecution", "GET", FLOW_EXECUTION],
  ["StopFlowExecution", "POST", `${FLOW_EXECUTION}/stop`],
  ["ListFlowExecutionEvents", "GET", `${FLOW_EXECUTION}/events`],
  ["GetExecutionFlowSnapshot", "GET", `${FLOW_EXECUTION}/flowsnapshot`],
  ["ListFlowExecutions", "GET", "/flows/{flowIdentifier}/executions"],
  ["RetrieveAndGenerateStream", "POST", "/retrieveAndGenerateStream", STREAM],
  ["OptimizePrompt", "POST", "/optimize-prompt", STREAM],
  ["AgenticRetrieveStream", "POST", "/agenticRetrieveStream", STREAM],
  ["Retrieve", "POST", "/knowledgebases/{knowledgeBaseId}/retrieve"],
  ["RetrieveAndGenerate", "POST", "/retrieveAndGenerate"],
  ["Rerank", "POST", "/rerank"],
  ["GenerateQuery", "POST", "/generateQuery"],
  ["GetDocumentContent", "POST", `${DATA_SOURCE}/documents/{documentId}/content`],
  // Not in the fact sheet yet; present in @aws-sdk/client-bedrock-agent-runtime 3.1162.
  ["CheckIngestedDocumentAcl", "POST", `${DATA_SOURCE}/check-ingested-document-acl`],
  ["GetIngestedDocumentAcl", "POST", `${DATA_SOURCE}/get-ingested-document-acl`],
  ["CreateSession", "PUT", "/sessions/"],
  ["ListSessions", "POST", "/sessions/"],
  ["GetSession", "GET", `${SESSION}/`],
  ["UpdateSession", "PUT", `${SESSION}/`],
  ["DeleteSession", "DELETE", `${SESSION}/`],
  ["EndSession", "PATCH", SESSION],
  ["CreateInvocation", "PUT", `${SESSION}/invocations/`],
  ["ListInvocations", "POST", `${SESSION}/invocations/`],
  ["PutInvocationStep", "PUT", `${SESSION}/invocationSteps/`],
  ["ListInvocationSteps", "POST", `${SESSION}/invocationSteps/`],
  ["GetInvocationStep", "POST", `${SESSION}/invocationSteps/{invocationStepId}`],
  ["ListTagsForResource", "GET", "/tags/{resourceArn}", TAGS],
  ["TagResource", "POST", "/tags/{resourceArn}", TAGS],
  ["UntagResource", "DELETE", "/tags/{resourceArn}", TAGS],
];

function toSpecs(service: ServiceName, rows: readonly Row[]): OperationSpec[] {
  return rows.map(([operation, method, template, extra]) =>
    Object.freeze({ service, operation, method, template, streaming: false, ...extra }),
  );
}

/**
 * Every operation of bedrock-runtime and bedrock-agent-runtime: method, path template (as in the Smithy model,
 * trailing slashes significant), whether the response is an event stream, and where the model id travels.
 *
 * @example
 * const converse = OPERATIONS.find((op) => op.operation === "Converse");
 * // { service: "bedrock-runtime", method: "POST", template: "/model/{modelId}/converse", modelLabel: "modelId", ... }
 */
export const OPERATIONS: readonly OperationSpec[] = Object.freeze([
  ...toSpecs("bedrock-runtime", RUNTIME_ROWS),
  ...toSpecs("bedrock-agent-runtime", AGENT_RUNTIME_ROWS),
]);
