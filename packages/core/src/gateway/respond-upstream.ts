import type { Call } from "../accounting/create-call-recorder.js";
import type { PriceCatalog } from "../pricing/create-price-catalog.js";
import type { LookupPriceOptions } from "../pricing/lookup-price.js";
import { readHeaderRecord } from "../internal/header-reader.js";
import { createRelay } from "../streams/relay-body.js";
import type { RelayOutcome } from "../streams/relay-body.js";
import { toRelayedResponseHeaders } from "../upstream/forward-headers.js";
import { readErrorType } from "../upstream/read-error-type.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import { createUsageCollector } from "../usage/create-usage-collector.js";
import type { RelayEnd, UsageResult } from "../usage/types.js";
import type { GatewayReply } from "./gateway-reply.js";
import type { ClientSignal } from "../internal/client-signal.js";

const EVENT_STREAM = "application/vnd.amazon.eventstream";
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** non-stream bodies up to this size are read whole, so their cost can go in a response header */
const MAX_PRICED_BODY = 8 * 1024 * 1024;

export interface RespondOptions {
  call: Call;
  prices: PriceCatalog;
  signal: ClientSignal;
  idleTimeoutMs: number;
}

/**
 * Turns Bedrock's response into the client's: status and headers relayed (hop-by-hop aside) plus the gateway's
 * request id and `Server-Timing`. Event streams are relayed chunk by chunk while a usage collector reads a copy;
 * a JSON body is read whole (it is one document), priced, and sent with `x-bedrock-gw-cost`.
 */
export async function respondUpstream(upstream: UpstreamResponse, options: RespondOptions): Promise<GatewayReply> {
  const { call } = options;
  const plan = call.plan!;
  const { status } = upstream;
  const headers = toRelayedResponseHeaders(upstream.headers);
  headers["x-bedrock-gw-request-id"] = call.requestId;
  const readHeader = readHeaderRecord(headers);
  const collector = createUsageCollector({ operation: call.operation, ...(plan.modelId ? { modelId: plan.modelId } : {}) });
  collector.onHeaders(status, readHeader);
  const errorType = status >= 400 ? readErrorType(readHeader.get("x-amzn-errortype")) : undefined;
  const lookup: LookupPriceOptions = {};
  if (plan.deployment?.baseModel) lookup.baseModel = plan.deployment.baseModel;
  if (plan.deployment) lookup.override = plan.deployment.prices;
  const price = (result: UsageResult) => options.prices.priceCall(result, plan.modelId, lookup);
  /** reads the usage and prices it; `record` writes the call's row, metrics and log line */
  const account = (end: RelayEnd, streamed: boolean) => {
    const usage = collector.finish(end);
    const cost = status < 400 ? price(usage) : undefined;
    // a stream that failed upstream after its 200 ended, for the client, with an internalServerException frame
    const failure = errorType ?? (end === "upstream-error" ? "InternalServerException" : undefined);
    const record = () => call.finish({ status, streamed, usage, ...(cost ? { cost } : {}), ...(failure ? { errorType: failure } : {}) });
    return { cost, record };
  };

  if (NULL_BODY_STATUSES.has(status)) {
    upstream.body.discard();
    setServerTiming(headers, call);
    call.markFirstByteOut();
    return { status, headers, body: null, afterWrite: account("complete", false).record };
  }

  const eventStream = readHeader.get("content-type")?.startsWith(EVENT_STREAM) === true;
  const length = Number(readHeader.get("content-length") ?? Number.NaN);
  const readWhole = !eventStream && length <= MAX_PRICED_BODY;
  if (readWhole) {
    // undici's idle (body) timeout and the client's signal still apply while it gathers the body
    const body = await upstream.body.readAll();
    collector.onChunk(body);
    const { cost, record } = account("complete", false);
    setServerTiming(headers, call);
    if (cost && cost.status !== "unpriced") headers["x-bedrock-gw-cost"] = formatCost(cost.cost);
    call.markFirstByteOut();
    // the row, metrics and log line are written once the client has its answer, off the response's latency
    return { status, headers, body, afterWrite: record };
  }
  const relay = createRelay(upstream.body, {
    eventStream,
    signal: options.signal,
    idleTimeoutMs: options.idleTimeoutMs,
    onChunk: (chunk) => collector.onChunk(chunk),
    onDone: (outcome: RelayOutcome) => account(toRelayEnd(outcome), true).record(),
  });
  setServerTiming(headers, call);
  call.markFirstByteOut();
  return { status, headers, body: relay };
}

function setServerTiming(headers: Record<string, string | string[]>, call: Call): void {
  const { gatewayMs, upstreamMs } = call.readTimings();
  const parts = [`gateway;dur=${gatewayMs.toFixed(3)}`];
  if (upstreamMs !== undefined) parts.push(`upstream;dur=${upstreamMs.toFixed(3)}`);
  headers["server-timing"] = parts.join(", ");
}

function toRelayEnd(outcome: RelayOutcome): RelayEnd {
  return outcome.kind;
}


function formatCost(cost: number): string {
  return cost === 0 ? "0" : cost.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
}
