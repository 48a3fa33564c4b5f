import type { EventEncoder } from "../eventstream/encode-event.js";
import { createPadding } from "../eventstream/encode-event.js";
import { SimulatedError, toExceptionType } from "../errors/simulated-error.js";
import { resolveDefaultFields, resolveDefaultMessage } from "../errors/error-statuses.js";
import type { OperationResult } from "../operations/operation-types.js";
import type { FaultAction, RecordedRequest, ServiceName } from "../types.js";
import { sleep } from "../util/sleep.js";
import type { ResponseHeaders, ResponseSink } from "./response-sink.js";

export interface SendDeps {
  encoder: EventEncoder;
  chunkDelayMs: number;
  padding: boolean;
  random: () => number;
}

/**
 * The headers of every response: `x-amzn-RequestId` and `Date` (the SDK corrects its clock skew from it).
 *
 * @example
 * createBaseHeaders("3f0c...", Date.now());
 */
export function createBaseHeaders(requestId: string, now: number): ResponseHeaders {
  return { "x-amzn-RequestId": requestId, Date: new Date(now).toUTCString() };
}

/**
 * Sends a Bedrock JSON error: status, `x-amzn-ErrorType`, `{"message": ...}` (fact sheet §5.2).
 *
 * @example
 * sendError(sink, record, error, "bedrock-runtime", baseHeaders);
 */
export function sendError(sink: ResponseSink, record: RecordedRequest, error: SimulatedError, service: ServiceName | undefined, base: ResponseHeaders): void {
  const status = error.statusFor(service);
  record.status = status;
  record.errorType = error.errorName;
  sink.send(status, { ...base, "Content-Type": "application/json", "x-amzn-ErrorType": error.errorTypeHeader }, Buffer.from(JSON.stringify(error.toBody())));
}

function toExceptionFrame(action: Extract<FaultAction, { kind: "stream-exception" }>, deps: SendDeps): { name: string; frame: Uint8Array } {
  const exceptionType = action.exceptionType ?? "modelStreamErrorException";
  const name = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  const fields = { ...resolveDefaultFields(name), ...action.fields };
  const error = new SimulatedError(name, action.message ?? resolveDefaultMessage(name), { fields });
  return { name, frame: deps.encoder.encodeException(toExceptionType(name), error.toBody()) };
}

/** Ends the stream with an exception frame, or drops the connection. */
async function applyMidStream(sink: ResponseSink, record: RecordedRequest, action: FaultAction, deps: SendDeps): Promise<void> {
  if (action.kind === "stream-exception") {
    const { name, frame } = toExceptionFrame(action, deps);
    record.errorType = name;
    if (await sink.write(frame)) sink.end();
  } else {
    sink.drop();
  }
}

async function writeStream(
  sink: ResponseSink,
  record: RecordedRequest,
  result: Extract<OperationResult, { kind: "stream" }>,
  base: ResponseHeaders,
  midStream: FaultAction | undefined,
  deps: SendDeps,
): Promise<void> {
  record.status = 200;
  sink.start(200, { ...base, "Content-Type": "application/vnd.amazon.eventstream", ...result.headers });
  const faultAfter = midStream && "afterEvents" in midStream ? (midStream.afterEvents ?? 0) : Number.POSITIVE_INFINITY;
  for (const [index, event] of result.events.entries()) {
    if (index === faultAfter) return applyMidStream(sink, record, midStream!, deps);
    if (index > 0) await sleep(deps.chunkDelayMs);
    const payload = result.padded && deps.padding ? { ...event.payload, p: createPadding(deps.random) } : event.payload;
    if (!(await sink.write(deps.encoder.encodeEvent(event.eventType, payload)))) return;
    record.eventsSent += 1;
  }
  if (midStream && faultAfter >= result.events.length) return applyMidStream(sink, record, midStream, deps);
  sink.end();
}

/**
 * Sends an operation's result: JSON or raw bytes in one piece, or an event stream written and flushed one event at
 * a time (with `chunkDelayMs` between events), where a mid-stream fault may cut in.
 *
 * @example
 * await sendResult(sink, record, result, baseHeaders, undefined, deps);
 */
export async function sendResult(
  sink: ResponseSink,
  record: RecordedRequest,
  result: OperationResult,
  base: ResponseHeaders,
  midStream: FaultAction | undefined,
  deps: SendDeps,
): Promise<void> {
  switch (result.kind) {
    case "json":
      record.status = result.status ?? 200;
      sink.send(record.status, { ...base, "Content-Type": "application/json", ...result.headers }, Buffer.from(JSON.stringify(result.body)));
      return;
    case "bytes":
      record.status = 200;
      sink.send(200, { ...base, ...result.headers }, result.body);
      return;
    case "stream":
      return writeStream(sink, record, result, base, midStream, deps);
  }
}
