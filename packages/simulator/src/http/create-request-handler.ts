import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import type { NodeRequestListener } from "@bedrock-gw/core";
import { authenticateRequest } from "../auth/authenticate.js";
import type { CanonicalSigner } from "../auth/canonical-signer.js";
import { resolveDefaultFields, resolveDefaultMessage, resolveErrorName } from "../errors/error-statuses.js";
import { SimulatedError } from "../errors/simulated-error.js";
import type { EventEncoder } from "../eventstream/encode-event.js";
import type { FaultPlan, FaultPlanner } from "../faults/fault-planner.js";
import type { ResolvedModel } from "../models/resolve-model.js";
import type { OperationContext, OperationHandler, OperationResult } from "../operations/operation-types.js";
import type { PromptCache } from "../prompt/prompt-cache.js";
import type { RouteMatch } from "../routing/match-route.js";
import type { AsyncInvokeStore } from "../state/async-invoke-store.js";
import type { OperationName, RecordedRequest, SimulatorCredentials } from "../types.js";
import { createUuid } from "../util/create-uuid.js";
import { sleep } from "../util/sleep.js";
import { readBody } from "./read-body.js";
import type { ResponseHeaders, ResponseSink } from "./response-sink.js";
import { createResponseSink } from "./response-sink.js";
import { createBaseHeaders, sendError, sendResult } from "./send-response.js";

export interface RequestHandlerDeps {
  matchRoute: (method: string, rawPath: string) => RouteMatch | undefined;
  resolveModel: (label: string, onDemand?: boolean) => ResolvedModel;
  operations: Readonly<Record<OperationName, OperationHandler>>;
  planner: FaultPlanner;
  signer: CanonicalSigner;
  encoder: EventEncoder;
  credentials: readonly SimulatorCredentials[];
  apiKeys: readonly string[];
  region: string | undefined;
  latencyMs: number;
  chunkDelayMs: number;
  padding: boolean;
  promptCache: PromptCache;
  asyncInvokes: AsyncInvokeStore;
  clock: () => number;
  random: () => number;
  requests: RecordedRequest[];
  maxRecordedRequests: number;
}

const DEFAULT_REGION = "us-east-1";

function createRecord(req: IncomingMessage | Http2ServerRequest, deps: RequestHandlerDeps): RecordedRequest {
  const target = req.url ?? "/";
  const queryStart = target.indexOf("?");
  return {
    requestId: createUuid(deps.random),
    receivedAt: deps.clock(),
    protocol: req.httpVersionMajor === 2 ? "h2" : "http/1.1",
    method: req.method ?? "GET",
    path: queryStart < 0 ? target : target.slice(0, queryStart),
    query: queryStart < 0 ? "" : target.slice(queryStart + 1),
    headers: req.headers,
    body: Buffer.alloc(0),
    labels: {},
    auth: "none",
    faults: [],
    eventsSent: 0,
    completed: false,
    clientAborted: false,
  };
}

function readBodyModelId(body: Buffer, member: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    const modelId = (parsed as Record<string, unknown> | null)?.[member];
    return typeof modelId === "string" ? modelId : undefined;
  } catch {
    return undefined;
  }
}

function toTerminalError(plan: FaultPlan, record: RecordedRequest): SimulatedError | undefined {
  const fault = plan.terminal;
  if (fault?.kind === "throttle") return new SimulatedError("ThrottlingException", fault.message ?? resolveDefaultMessage("ThrottlingException"));
  if (fault?.kind !== "error") return undefined;
  const name = fault.name || resolveErrorName(fault.status ?? 500, record.service);
  return new SimulatedError(name, fault.message ?? resolveDefaultMessage(name), {
    ...(fault.status !== undefined ? { status: fault.status } : {}),
    fields: { ...resolveDefaultFields(name), ...fault.fields },
  });
}

async function serveMatched(match: RouteMatch, record: RecordedRequest, sink: ResponseSink, base: ResponseHeaders, deps: RequestHandlerDeps): Promise<void> {
  const { route, labels } = match;
  Object.assign(record, { service: route.service, operation: route.operation, labels });
  const request = { method: record.method, rawPath: record.path, rawQuery: record.query, headers: record.headers, body: record.body };
  const auth = await authenticateRequest(request, route.service, { ...deps, now: deps.clock() });
  Object.assign(record, auth.facts);
  if (auth.error) throw auth.error;

  const modelLabel = route.modelLabel
    ? labels[route.modelLabel]
    : route.bodyModelMember
      ? readBodyModelId(record.body, route.bodyModelMember)
      : undefined;
  if (modelLabel !== undefined) record.modelId = modelLabel;
  const model = route.modelLabel && modelLabel !== undefined ? deps.resolveModel(modelLabel, !route.acceptsProfileOnlyIds) : undefined;
  const plan = deps.planner.plan({
    operation: route.operation,
    modelIds: [modelLabel, model?.baseModelId].filter((id): id is string => id !== undefined),
    streaming: route.streaming === true,
    bodyText: record.body.toString("utf8"),
  });
  record.faults = plan.applied;
  const latencyMs = deps.latencyMs + plan.delayMs;
  const terminalError = toTerminalError(plan, record);
  const outcome = terminalError
    ? { error: terminalError }
    : plan.terminal
      ? {}
      : runOperation(deps, match, {
          query: new URLSearchParams(record.query),
          headers: record.headers,
          body: record.body,
          ...(model ? { model } : {}),
          region: record.region ?? deps.region ?? DEFAULT_REGION,
          latencyMs,
        });
  // every answer, errors included, waits for the configured latency
  await sleep(latencyMs);
  if (sink.closed) return;
  if (outcome.error !== undefined) throw outcome.error;
  if (!outcome.result) return sink.drop();
  await sendResult(sink, record, outcome.result, base, plan.midStream, deps);
}

type RequestPart = Pick<OperationContext, "query" | "headers" | "body" | "model" | "region" | "latencyMs">;

function runOperation(deps: RequestHandlerDeps, match: RouteMatch, part: RequestPart): { result?: OperationResult; error?: unknown } {
  try {
    const { route, labels } = match;
    return { result: deps.operations[route.operation]({ ...deps, ...part, operation: route.operation, service: route.service, labels }) };
  } catch (error) {
    return { error };
  }
}

async function serveRequest(req: IncomingMessage | Http2ServerRequest, sink: ResponseSink, record: RecordedRequest, deps: RequestHandlerDeps): Promise<void> {
  const base = createBaseHeaders(record.requestId, deps.clock());
  try {
    record.body = await readBody(req);
    const match = deps.matchRoute(record.method, record.path);
    if (!match) throw new SimulatedError("UnknownOperationException", "The requested operation is not recognized by the service.");
    await serveMatched(match, record, sink, base, deps);
  } catch (error) {
    if (sink.closed || record.status !== undefined) return;
    const simulated = error instanceof SimulatedError ? error : new SimulatedError("InternalServerException", `The simulator failed: ${(error as Error).message}`);
    sendError(sink, record, simulated, record.service, { ...base, Date: new Date(deps.clock()).toUTCString() });
  }
}

/**
 * The simulator's Node request listener: records the request, routes on the raw path, authenticates (SigV4 or
 * Bearer), applies faults and latency, runs the operation and writes its JSON, bytes or event stream.
 *
 * @example
 * const handler = createRequestHandler(deps);
 * http.createServer(handler).listen(0);
 */
export function createRequestHandler(deps: RequestHandlerDeps): NodeRequestListener {
  return (req, res) => {
    const record = createRecord(req, deps);
    deps.requests.push(record);
    if (deps.requests.length > deps.maxRecordedRequests) deps.requests.shift();
    const sink = createResponseSink(req, res);
    sink.onDone((finished) => {
      const dropped = record.faults.some((fault) => fault.kind === "drop-connection");
      record.completed = finished;
      record.clientAborted = !finished && !dropped;
    });
    // serveRequest answers its own errors; this only guards against a failure while writing that answer
    void serveRequest(req, sink, record, deps).catch(() => sink.drop());
  };
}
