import type { OperationName } from "../types.js";
import { getAsyncInvoke, listAsyncInvokes, startAsyncInvoke } from "./async-invoke.js";
import { converse, converseStream } from "./converse.js";
import { countTokens } from "./count-tokens.js";
import { applyGuardrail, invokeGuardrailChecks } from "./guardrails.js";
import { invokeAgent } from "./invoke-agent.js";
import { invokeModel, invokeModelWithResponseStream } from "./invoke-model.js";
import { rerank, retrieve, retrieveAndGenerate, retrieveAndGenerateStream } from "./knowledge-base.js";
import type { OperationHandler } from "./operation-types.js";

/** The handler of every operation the simulator serves. */
export const OPERATION_HANDLERS: Readonly<Record<OperationName, OperationHandler>> = {
  Converse: converse,
  ConverseStream: converseStream,
  InvokeModel: invokeModel,
  InvokeModelWithResponseStream: invokeModelWithResponseStream,
  CountTokens: countTokens,
  ApplyGuardrail: applyGuardrail,
  InvokeGuardrailChecks: invokeGuardrailChecks,
  StartAsyncInvoke: startAsyncInvoke,
  GetAsyncInvoke: getAsyncInvoke,
  ListAsyncInvokes: listAsyncInvokes,
  InvokeAgent: invokeAgent,
  Retrieve: retrieve,
  RetrieveAndGenerate: retrieveAndGenerate,
  RetrieveAndGenerateStream: retrieveAndGenerateStream,
  Rerank: rerank,
};
