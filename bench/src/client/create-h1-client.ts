import { Pool } from "undici";
import type { BenchRequest, BenchResponse, HttpClient, SendOptions } from "./http-client.js";

/**
 * HTTP/1.1 keep-alive client: an undici pool of up to `connections` sockets, no pipelining (one request per socket
 * at a time, as browsers and SDKs do).
 *
 * @example
 * const client = createH1Client("http://127.0.0.1:4000", 32);
 * const response = await client.send({ path: "/x", headers: {}, body: Buffer.from("{}") });
 */
export function createH1Client(origin: string, connections: number): HttpClient {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  return {
    protocol: "h1",
    async send(request: BenchRequest, options: SendOptions = {}): Promise<BenchResponse> {
      const response = await pool.request({
        method: "POST",
        path: request.path,
        headers: request.headers,
        body: request.body,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const headersAt = performance.now();
      let bytes = 0;
      for await (const chunk of response.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        options.onData?.(chunk, performance.now());
      }
      return { status: response.statusCode, bytes, headersAt, endedAt: performance.now() };
    },
    close: () => pool.destroy(),
  };
}
