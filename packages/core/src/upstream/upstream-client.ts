import { Agent, errors as undiciErrors } from "undici";
import type { Dispatcher } from "undici";
import { GatewayError } from "../errors/gateway-error.js";
import type { ClientSignal } from "../internal/client-signal.js";

export interface UpstreamRequest {
  /** e.g. `https://bedrock-runtime.us-east-1.amazonaws.com` */
  origin: string;
  /** path plus encoded query, exactly as signed */
  path: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  signal: ClientSignal;
  /** request sent → response headers */
  firstByteTimeoutMs: number;
  /** longest silence between body chunks */
  idleTimeoutMs: number;
}

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

export interface UpstreamClient {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export interface UpstreamClientOptions {
  connectTimeoutMs: number;
  /** an undici dispatcher to use instead of the built-in keep-alive agent (tests, proxies) */
  dispatcher?: Dispatcher;
}

/**
 * The HTTP client that talks to Bedrock: undici with keep-alive connection pools per origin, separate connect,
 * first-byte and idle timeouts, and errors before the response mapped to Bedrock-shaped gateway errors.
 *
 * @example
 * const upstream = createUpstreamClient({ connectTimeoutMs: 10_000 });
 * const res = await upstream.send({ origin, path, method: "POST", headers, body, signal, firstByteTimeoutMs: 600_000, idleTimeoutMs: 300_000 });
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const dispatcher =
    options.dispatcher ??
    new Agent({ connect: { timeout: options.connectTimeoutMs }, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
  return {
    async send(request) {
      try {
        const response = await dispatcher.request({
          origin: request.origin,
          path: request.path,
          method: request.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: request.body === null ? null : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
          // undici takes any EventTarget-like signal
          signal: request.signal as AbortSignal,
          headersTimeout: request.firstByteTimeoutMs,
          bodyTimeout: request.idleTimeoutMs,
        });
        const body = response.body;
        // a body destroyed before it is read must never crash the process with an unhandled 'error' event;
        // readers (the relay's iterator) still see errors through their own listeners
        body.on("error", ignore);
        return {
          status: response.statusCode,
          headers: response.headers,
          body: Object.assign(body, {
            discard: () => void body.dump({ limit: DISCARD_LIMIT }).catch(ignore),
            // undici gathers the chunks itself: no async iterator and promise per chunk
            readAll: () => body.bytes(),
          }),
        };
      } catch (error) {
        throw toUpstreamError(error, request);
      }
    },
    async close() {
      if (!options.dispatcher) await dispatcher.close();
    },
  };
}

const DISCARD_LIMIT = 256 * 1024;
const ignore = (): void => undefined;

function toUpstreamError(error: unknown, request: UpstreamRequest): unknown {
  if (request.signal.aborted) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError) {
    return new GatewayError("upstream-timeout", `Bedrock did not answer within ${request.firstByteTimeoutMs} ms.`, { cause: error });
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) {
    return new GatewayError("upstream-unreachable", `Could not connect to ${request.origin} in time.`, { cause: error });
  }
  const code = (error as { code?: string }).code ?? "unknown error";
  return new GatewayError("upstream-unreachable", `The connection to ${request.origin} failed before a response (${code}).`, { cause: error });
}
