import type { Dispatcher } from "undici";
import type { ClientSignal } from "../internal/client-signal.js";

/** An upstream body: bytes as they arrive; `destroy()` closes the upstream connection. */
export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): void;
  /** reads and drops what is left (up to a limit), so the connection can serve another call; errors are ignored */
  discard(): void;
  /** the whole body at once, for a body of known, bounded length (rejects as a read would) */
  readAll(): Promise<Uint8Array>;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: UpstreamBody;
}

/** bytes queued and unread past which undici is asked to stop reading the socket (backpressure) */
const HIGH_WATER_BYTES = 64 * 1024;
/** past this many discarded bytes the connection is closed instead of drained */
const DISCARD_LIMIT = 256 * 1024;

type Read = { resolve: (result: IteratorResult<Uint8Array>) => void; reject: (error: unknown) => void };

/**
 * The body of one upstream response, fed by undici's handler callbacks: chunks queue until read, and past 64 KiB
 * unread the socket is paused until the reader catches up. It is what undici's `request()` body is for the
 * gateway (iterate, read whole, drain, destroy) without a Node stream per call.
 */
class ExchangeBody implements UpstreamBody {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pendingRead: Read | undefined;
  private whole: { resolve: (body: Uint8Array) => void; reject: (error: unknown) => void } | undefined;
  private discarding = false;
  private discardedBytes = 0;

  constructor(private readonly controller: Dispatcher.DispatchController) {}

  push(chunk: Uint8Array): void {
    if (this.discarding) {
      this.discardedBytes += chunk.length;
      if (this.discardedBytes > DISCARD_LIMIT) this.controller.abort(new Error("discarded upstream body too long"));
      return;
    }
    const read = this.pendingRead;
    if (read !== undefined && this.whole === undefined) {
      this.pendingRead = undefined;
      read.resolve({ value: chunk, done: false });
      return;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    if (this.queuedBytes >= HIGH_WATER_BYTES && this.whole === undefined) this.controller.pause();
  }

  end(): void {
    if (this.ended || this.failure) return;
    this.ended = true;
    const read = this.pendingRead;
    this.pendingRead = undefined;
    read?.resolve({ value: undefined, done: true });
    if (this.whole !== undefined) this.whole.resolve(this.takeAll());
  }

  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.queue.length = 0;
    this.queuedBytes = 0;
    const read = this.pendingRead;
    this.pendingRead = undefined;
    read?.reject(error);
    this.whole?.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => this.next(),
      return: () => {
        this.destroy();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<Uint8Array>> {
    const chunk = this.queue.shift();
    if (chunk !== undefined) {
      this.queuedBytes -= chunk.length;
      if (this.controller.paused && this.queuedBytes < HIGH_WATER_BYTES) this.controller.resume();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.pendingRead = { resolve, reject }));
  }

  readAll(): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.ended) return Promise.resolve(this.takeAll());
    const whole = new Promise<Uint8Array>((resolve, reject) => (this.whole = { resolve, reject }));
    if (this.controller.paused) this.controller.resume();
    return whole;
  }

  discard(): void {
    if (this.ended || this.failure) return;
    this.discarding = true;
    this.discardedBytes = this.queuedBytes;
    this.queue.length = 0;
    this.queuedBytes = 0;
    if (this.discardedBytes > DISCARD_LIMIT) this.controller.abort(new Error("discarded upstream body too long"));
    else if (this.controller.paused) this.controller.resume();
  }

  destroy(error?: Error): void {
    if (this.ended || this.failure) return;
    const reason = error ?? new UpstreamBodyDestroyedError();
    this.fail(reason);
    this.controller.abort(reason);
  }

  private takeAll(): Uint8Array {
    const parts = this.queue.splice(0);
    this.queuedBytes = 0;
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts);
  }
}

/** what a pending read sees when the body is destroyed without a reason (the client went away) */
class UpstreamBodyDestroyedError extends Error {
  readonly code = "UPSTREAM_BODY_DESTROYED";
  constructor() {
    super("the upstream body was destroyed before its end");
  }
}

/** the client's signal fired before the call was sent or answered */
class ClientAbortedError extends Error {
  readonly code = "UND_ERR_ABORTED";
  constructor() {
    super("the client went away");
  }
}

function abortReason(signal: ClientSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new ClientAbortedError();
}

/**
 * One upstream call as an undici dispatch handler: settles with the status and headers when they arrive, then feeds
 * the body (see {@link ExchangeBody}). The client's signal aborts the call at any point: before the answer the
 * promise rejects with its reason, after it the body's readers do.
 *
 * @example
 * const response = await new Promise((resolve, reject) => dispatcher.dispatch(options, new UpstreamExchange(signal, resolve, reject)));
 */
export class UpstreamExchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private body: ExchangeBody | undefined;
  private readonly onAbort = (): void => {
    const reason = abortReason(this.signal);
    if (this.controller !== undefined) this.controller.abort(reason);
    else this.settleError(reason);
  };

  constructor(
    private readonly signal: ClientSignal,
    private resolve: ((response: UpstreamResponse) => void) | undefined,
    private reject: ((error: unknown) => void) | undefined,
  ) {
    if (!signal.aborted) signal.addEventListener("abort", this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.signal.aborted) controller.abort(abortReason(this.signal));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // 1xx answers (100 Continue and the like) come before the real one
    if (statusCode < 200 || this.resolve === undefined) return;
    const body = (this.body = new ExchangeBody(controller));
    const resolve = this.resolve;
    this.resolve = this.reject = undefined;
    resolve({ status: statusCode, headers, body });
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.body?.push(chunk);
  }

  onResponseEnd(): void {
    this.signal.removeEventListener("abort", this.onAbort);
    this.body?.end();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.settleError(error);
  }

  private settleError(error: unknown): void {
    this.signal.removeEventListener("abort", this.onAbort);
    if (this.reject !== undefined) {
      const reject = this.reject;
      this.resolve = this.reject = undefined;
      reject(error);
      return;
    }
    this.body?.fail(error);
  }
}
