import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { createClientAbort } from "../internal/client-signal.js";
import { readHeaderRecord } from "../internal/header-reader.js";
import type { BedrockCallRequest } from "./handle-bedrock-call.js";
import { readNodeRequestBody, readRequestBody } from "./read-request-body.js";
import type { NodeBodySource } from "./read-request-body.js";

/**
 * A web Request as a Bedrock call (any fetch-style server: h3, Hono, Bun, Deno).
 *
 * @example
 * const reply = await run(fromWebRequest(request));
 */
export function fromWebRequest(request: Request): BedrockCallRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    // read only when used: some servers build the signal on first access
    get signal() {
      return request.signal;
    },
    readBody: (limitBytes) => readRequestBody(request, limitBytes),
  };
}

/**
 * Node's request and response (HTTP/1.1 or the HTTP/2 compatibility API) as a Bedrock call: the raw target, the
 * headers read in place, the body read straight from the request, and a signal that fires when the response
 * closes before it was finished (the client went away).
 *
 * @example
 * const call = fromNodeRequest(req, res);
 */
export function fromNodeRequest(
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
): BedrockCallRequest {
  const client = createClientAbort();
  res.once("close", () => {
    // writableEnded, not writableFinished: an HTTP/2 stream reset by the client reports itself "finished"
    if (!res.writableEnded) client.abort();
  });
  const length = req.headers["content-length"];
  let sha256: string | undefined;
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers: readHeaderRecord(req.headers),
    signal: client.signal,
    readBody: (limitBytes) => readNodeRequestBody(req as unknown as NodeBodySource, length, limitBytes, (digest) => (sha256 = digest)),
    bodySha256: () => sha256,
  };
}
