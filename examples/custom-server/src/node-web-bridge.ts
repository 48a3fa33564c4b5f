import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * A node:http request as a web `Request`, body streamed (never buffered), aborted when the client goes away.
 *
 * @example
 * const request = toWebRequest(req, res, "http://127.0.0.1:4000");
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const abort = new AbortController();
  // "close" on the response fires when it finished or when the connection died; only the second is an abort
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    signal: abort.signal,
    ...(BODYLESS.has(method) ? {} : { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" }),
  } as RequestInit);
}

/**
 * Writes a web `Response` to a node:http response, chunk by chunk as they arrive (event streams stay streams).
 *
 * @example
 * await sendWebResponse(res, await gateway.handle(toWebRequest(req, res, origin)));
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = name === "set-cookie" ? response.headers.getSetCookie() : value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // respect back-pressure: wait for the socket to drain before reading more
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}
