import type { OperationName, ServiceName } from "../types.js";

export interface RouteSpec {
  service: ServiceName;
  operation: OperationName;
  method: "GET" | "POST";
  /** path template; `{name}` is one whole, non-greedy segment */
  path: string;
  /** the label that names the model, for model operations */
  modelLabel?: string;
  /** the JSON body member that names the model, for operations that carry it in the body */
  bodyModelMember?: string;
  /** the response is an event stream */
  streaming?: true;
  /** CountTokens takes base ids even of models that need an inference profile for on-demand calls */
  acceptsProfileOnlyIds?: true;
}

const RUNTIME = "bedrock-runtime";
const AGENT = "bedrock-agent-runtime";

/**
 * Every route the simulator serves (fact sheet §2 and §3). The two services' paths never collide, so one port
 * serves both and the route tells which service a request was meant for.
 */
export const ROUTES: readonly RouteSpec[] = [
  { service: RUNTIME, operation: "Converse", method: "POST", path: "/model/{modelId}/converse", modelLabel: "modelId" },
  { service: RUNTIME, operation: "ConverseStream", method: "POST", path: "/model/{modelId}/converse-stream", modelLabel: "modelId", streaming: true },
  { service: RUNTIME, operation: "InvokeModel", method: "POST", path: "/model/{modelId}/invoke", modelLabel: "modelId" },
  {
    service: RUNTIME,
    operation: "InvokeModelWithResponseStream",
    method: "POST",
    path: "/model/{modelId}/invoke-with-response-stream",
    modelLabel: "modelId",
    streaming: true,
  },
  { service: RUNTIME, operation: "CountTokens", method: "POST", path: "/model/{modelId}/count-tokens", modelLabel: "modelId", acceptsProfileOnlyIds: true },
  {
    service: RUNTIME,
    operation: "ApplyGuardrail",
    method: "POST",
    path: "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply",
  },
  { service: RUNTIME, operation: "InvokeGuardrailChecks", method: "POST", path: "/guardrail-checks/invoke" },
  { service: RUNTIME, operation: "StartAsyncInvoke", method: "POST", path: "/async-invoke", bodyModelMember: "modelId" },
  { service: RUNTIME, operation: "ListAsyncInvokes", method: "GET", path: "/async-invoke" },
  { service: RUNTIME, operation: "GetAsyncInvoke", method: "GET", path: "/async-invoke/{invocationArn}" },
  {
    service: AGENT,
    operation: "InvokeAgent",
    method: "POST",
    path: "/agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text",
    streaming: true,
  },
  { service: AGENT, operation: "Retrieve", method: "POST", path: "/knowledgebases/{knowledgeBaseId}/retrieve" },
  { service: AGENT, operation: "RetrieveAndGenerate", method: "POST", path: "/retrieveAndGenerate" },
  { service: AGENT, operation: "RetrieveAndGenerateStream", method: "POST", path: "/retrieveAndGenerateStream", streaming: true },
  { service: AGENT, operation: "Rerank", method: "POST", path: "/rerank" },
];
