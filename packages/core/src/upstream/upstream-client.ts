import { Agent, errors as undiciErrors } from "undici";
import type { Dispatcher } from "undici";
import { GatewayError } from "../errors/gateway-error.js";
import type { ClientSignal } from "../internal/client-signal.js";
import { UpstreamExchange } from "./upstream-exchange.js";
import type { UpstreamResponse } from "./upstream-exchange.js";

export type { UpstreamBody, UpstreamResponse } from "./upstream-exchange.js";

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
        // undici's dispatch with a handler of our own (upstream-exchange.ts) rather than its request(): that one
        // makes an AsyncResource, a Readable body and an abort listener per call, and reading a small JSON body
        // through the stream took some 25 µs of a call in the sequential profile
        return await new Promise<UpstreamResponse>((resolve, reject) => {
          dispatcher.dispatch(
            {
              origin: request.origin,
              path: request.path,
              method: request.method as Dispatcher.HttpMethod,
              headers: request.headers,
              body: request.body === null ? null : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength),
              headersTimeout: request.firstByteTimeoutMs,
              bodyTimeout: request.idleTimeoutMs,
            },
            new UpstreamExchange(request.signal, resolve, reject),
          );
        });
      } catch (error) {
        throw toUpstreamError(error, request);
      }
    },
    async close() {
      if (!options.dispatcher) await dispatcher.close();
    },
  };
}

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
