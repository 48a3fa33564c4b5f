import type { UpstreamBody } from "../upstream/upstream-client.js";
import { encodeExceptionFrame } from "./exception-frame.js";
import { createFrameAligner } from "./frame-aligner.js";
import type { ClientSignal } from "../internal/client-signal.js";

export type RelayOutcome =
  | { kind: "complete"; bytes: number }
  | { kind: "client-gone"; bytes: number }
  | { kind: "upstream-error"; bytes: number; error: unknown };

export interface RelayOptions {
  /** the body is an AWS event stream: relay whole messages and end a failed stream with an exception message */
  eventStream: boolean;
  /**
   * sees every relayed chunk, in order, once the writer has taken it (at its next read, or at the end): reading the
   * usage never delays a chunk on its way to the client. A copy is not made; do not keep or mutate it.
   */
  onChunk?: (chunk: Uint8Array) => void;
  onDone?: (outcome: RelayOutcome) => void;
  /** the client's abort signal: a failure after it fired is the client leaving, not an upstream error */
  signal?: ClientSignal;
  /** longest wait for the next upstream chunk; on expiry the upstream body is destroyed (0 or unset: none) */
  idleTimeoutMs?: number;
}

/** The relayed body, pulled one chunk at a time by whichever server writes the client's response. */
export interface Relay {
  /**
   * The next chunk for the client, or null at the end. A failed event stream yields its `internalServerException`
   * message and then ends; any other failure rejects (the client's response must then be cut, not ended).
   */
  read(): Promise<Uint8Array | null>;
  /** the client went away: the upstream body is destroyed, which closes the upstream connection */
  cancel(): void;
}

/**
 * Relays an upstream body to the client chunk by chunk as it arrives (no buffering of the whole body, no
 * re-serialization). A client that goes away destroys the upstream body, which closes the upstream connection.
 * An event stream that fails upstream (error, reset, idle timeout) ends with an `internalServerException`
 * message, because over HTTP/2 a bare close looks like a normal end to the SDK.
 *
 * @example
 * const relay = createRelay(upstream.body, { eventStream: true });
 * for (let chunk = await relay.read(); chunk !== null; chunk = await relay.read()) res.write(chunk);
 */
export function createRelay(body: UpstreamBody, options: RelayOptions): Relay {
  const iterator = body[Symbol.asyncIterator]();
  const aligner = options.eventStream ? createFrameAligner() : undefined;
  let bytes = 0;
  let finished = false;
  let ended = false;
  /** the chunk handed to the writer last, not yet shown to onChunk */
  let unseen: Uint8Array | undefined;
  const showUnseen = () => {
    if (unseen === undefined) return;
    const chunk = unseen;
    unseen = undefined;
    options.onChunk?.(chunk);
  };
  const finish = (outcome: RelayOutcome) => {
    if (finished) return;
    finished = true;
    showUnseen();
    options.onDone?.(outcome);
  };

  // the timer runs only while waiting on upstream, so a slow client (backpressure) never counts as upstream silence
  async function readNext(): Promise<IteratorResult<Uint8Array>> {
    const idleMs = options.idleTimeoutMs;
    if (!idleMs) return await iterator.next();
    const timer = setTimeout(() => body.destroy(new IdleTimeoutError(idleMs)), idleMs);
    try {
      return await iterator.next();
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async read() {
      // the writer is back for more, so the last chunk is on its way: now its usage can be read
      showUnseen();
      if (ended) return null;
      try {
        for (;;) {
          const next = await readNext();
          if (next.done) {
            if (aligner !== undefined && aligner.pending > 0) throw new TruncatedStreamError(aligner.pending);
            ended = true;
            finish({ kind: "complete", bytes });
            return null;
          }
          const chunk = aligner ? aligner.push(next.value) : next.value;
          if (chunk.length === 0) continue;
          bytes += chunk.length;
          unseen = chunk;
          return chunk;
        }
      } catch (error) {
        ended = true;
        if (finished) throw error;
        if (options.signal?.aborted) {
          finish({ kind: "client-gone", bytes });
          throw error;
        }
        finish({ kind: "upstream-error", bytes, error });
        if (options.eventStream) return encodeExceptionFrame("internalServerException", describeStreamFailure(error));
        throw error;
      }
    },
    cancel() {
      ended = true;
      finish({ kind: "client-gone", bytes });
      body.destroy();
    },
  };
}

/**
 * The relay as a web stream, for servers that take a web `Response`.
 *
 * @example
 * return new Response(relayBody(upstream.body, { eventStream: true }), { status, headers });
 */
export function relayBody(body: UpstreamBody, options: RelayOptions): ReadableStream<Uint8Array> {
  return toReadableStream(createRelay(body, options));
}

/** A relay as a web stream that pulls only when the client's side wants more (no read-ahead). */
export function toReadableStream(relay: Relay): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await relay.read();
          if (chunk === null) controller.close();
          else controller.enqueue(chunk);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        relay.cancel();
      },
    },
    { highWaterMark: 0 },
  );
}

class IdleTimeoutError extends Error {
  readonly code = "UND_ERR_BODY_TIMEOUT";
  constructor(idleMs: number) {
    super(`no upstream bytes for ${idleMs} ms`);
  }
}

/** upstream closed cleanly in the middle of an event-stream message */
class TruncatedStreamError extends Error {
  readonly code = "TRUNCATED_EVENT_STREAM";
  constructor(pendingBytes: number) {
    super(`the upstream stream ended inside a message (${pendingBytes} bytes of it received)`);
  }
}

function describeStreamFailure(error: unknown): string {
  if (error instanceof TruncatedStreamError) return `The upstream Bedrock stream ended mid-message: ${error.message}.`;
  const code = (error as { code?: string } | null)?.code;
  if (code === "UND_ERR_BODY_TIMEOUT") return "The upstream Bedrock stream went silent past the gateway's idle timeout.";
  return `The upstream Bedrock stream failed mid-way (${code ?? (error as Error)?.message ?? "unknown error"}).`;
}
