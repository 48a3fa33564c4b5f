import type { Relay } from "../streams/relay-body.js";
import { toReadableStream } from "../streams/relay-body.js";

/**
 * What the gateway answers a Bedrock call with, before any server's response type: the status, lower-cased headers,
 * and a body that is absent, whole bytes, or a relay still pulling from Bedrock. A Node server writes it straight to
 * its response (`writeNodeReply`); a web server turns it into a `Response` (`toWebResponse`).
 */
export interface GatewayReply {
  status: number;
  headers: Record<string, string | string[]>;
  body: Uint8Array | Relay | null;
  /**
   * Accounting that waits until the response is handed to the client (a whole body's spend row, metrics and log
   * line). Whoever writes the reply calls it exactly once, right after; a relayed body accounts at its own end.
   */
  afterWrite?: () => void;
}

/** builds the client's response (a server may pass a faster Response implementation, e.g. srvx's) */
export type CreateResponse = (body: BodyInit | null, init: ResponseInit) => Response;

/**
 * The reply as a web `Response`; a relayed body becomes a pull-only web stream.
 *
 * @example
 * return toWebResponse(reply, (body, init) => new Response(body, init));
 */
export function toWebResponse(reply: GatewayReply, createResponse: CreateResponse): Response {
  const body = reply.body === null || reply.body instanceof Uint8Array ? reply.body : toReadableStream(reply.body);
  const response = createResponse(body as BodyInit | null, { status: reply.status, headers: toHeadersInit(reply.headers) });
  reply.afterWrite?.();
  return response;
}

/** a plain record unless a header repeats (set-cookie): then name/value pairs, which keep every value */
function toHeadersInit(headers: Record<string, string | string[]>): HeadersInit {
  let repeated = false;
  for (const name in headers) if (Array.isArray(headers[name])) repeated = true;
  if (!repeated) return headers as Record<string, string>;
  const pairs: Array<[string, string]> = [];
  for (const name in headers) {
    const value = headers[name]!;
    if (Array.isArray(value)) for (const each of value) pairs.push([name, each]);
    else pairs.push([name, value]);
  }
  return pairs;
}
