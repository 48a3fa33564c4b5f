import type { Call } from "../accounting/create-call-recorder.js";
import type { PriceCatalog } from "../pricing/create-price-catalog.js";
import { relayBody } from "../streams/relay-body.js";
import type { RelayOutcome } from "../streams/relay-body.js";
import { toRelayedResponseHeaders } from "../upstream/forward-headers.js";
import { readErrorType } from "../upstream/read-error-type.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import { createUsageCollector } from "../usage/create-usage-collector.js";
import type { RelayEnd, UsageResult } from "../usage/types.js";

const EVENT_STREAM = "application/vnd.amazon.eventstream";
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** non-stream bodies up to this size are read whole, so their cost can go in a response header */
const MAX_PRICED_BODY = 8 * 1024 * 1024;

/** builds the client's response (a server may pass a faster Response implementation, e.g. srvx's) */
export type CreateResponse = (body: BodyInit | null, init: ResponseInit) => Response;

export interface RespondOptions {
  call: Call;
  createResponse: CreateResponse;
  prices: PriceCatalog;
  signal: AbortSignal;
  idleTimeoutMs: number;
}

/**
 * Turns Bedrock's response into the client's: status and headers relayed (hop-by-hop aside) plus the gateway's
 * request id and `Server-Timing`. Event streams are relayed chunk by chunk while a usage collector reads a copy;
 * a JSON body is read whole (it is one document), priced, and sent with `x-bedrock-gw-cost`.
 */
export async function respondUpstream(upstream: UpstreamResponse, options: RespondOptions): Promise<Response> {
  const { call } = options;
  const plan = call.plan!;
  const headers = toRelayedResponseHeaders(upstream.headers);
  headers.set("x-bedrock-gw-request-id", call.requestId);
  const collector = createUsageCollector({ operation: call.operation, ...(plan.modelId ? { modelId: plan.modelId } : {}) });
  collector.onHeaders(upstream.status, headers);
  const errorType = upstream.status >= 400 ? readErrorType(headers.get("x-amzn-errortype")) : undefined;
  const price = (result: UsageResult) =>
    options.prices.priceCall(result, plan.modelId, {
      ...(plan.deployment?.baseModel ? { baseModel: plan.deployment.baseModel } : {}),
      ...(plan.deployment ? { override: plan.deployment.prices } : {}),
    });
  const finish = (end: RelayEnd, streamed: boolean) => {
    const usage = collector.finish(end);
    const cost = upstream.status < 400 ? price(usage) : undefined;
    // a stream that failed upstream after its 200 ended, for the client, with an internalServerException frame
    const failure = errorType ?? (end === "upstream-error" ? "InternalServerException" : undefined);
    call.finish({ status: upstream.status, streamed, usage, ...(cost ? { cost } : {}), ...(failure ? { errorType: failure } : {}) });
    return cost;
  };

  if (NULL_BODY_STATUSES.has(upstream.status)) {
    upstream.body.discard();
    setServerTiming(headers, call);
    call.markFirstByteOut();
    finish("complete", false);
    return options.createResponse(null, { status: upstream.status, headers });
  }

  const eventStream = headers.get("content-type")?.startsWith(EVENT_STREAM) === true;
  const length = Number(headers.get("content-length") ?? Number.NaN);
  const readWhole = !eventStream && length <= MAX_PRICED_BODY;
  const relayed = relayBody(upstream.body, {
    eventStream,
    signal: options.signal,
    idleTimeoutMs: options.idleTimeoutMs,
    onChunk: (chunk) => collector.onChunk(chunk),
    // a body read whole is accounted below, with its cost in a header
    onDone: (outcome: RelayOutcome) => void (readWhole || finish(toRelayEnd(outcome), true)),
  });

  if (readWhole) {
    const body = new Uint8Array(await new Response(relayed).arrayBuffer());
    const cost = finish("complete", false);
    setServerTiming(headers, call);
    if (cost && cost.status !== "unpriced") headers.set("x-bedrock-gw-cost", formatCost(cost.cost));
    call.markFirstByteOut();
    return options.createResponse(body, { status: upstream.status, headers });
  }
  setServerTiming(headers, call);
  call.markFirstByteOut();
  return options.createResponse(relayed, { status: upstream.status, headers });
}

function setServerTiming(headers: Headers, call: Call): void {
  const { gatewayMs, upstreamMs } = call.readTimings();
  const parts = [`gateway;dur=${gatewayMs.toFixed(3)}`];
  if (upstreamMs !== undefined) parts.push(`upstream;dur=${upstreamMs.toFixed(3)}`);
  headers.set("server-timing", parts.join(", "));
}

function toRelayEnd(outcome: RelayOutcome): RelayEnd {
  return outcome.kind;
}


function formatCost(cost: number): string {
  return cost === 0 ? "0" : cost.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
}
