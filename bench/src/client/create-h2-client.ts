import http2 from "node:http2";
import type { ClientHttp2Session, OutgoingHttpHeaders } from "node:http2";
import type { BenchRequest, BenchResponse, HttpClient, SendOptions } from "./http-client.js";

function toH2Headers(request: BenchRequest): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ":method": "POST", ":path": request.path };
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "connection" || name === "content-length") continue;
    // Host stays beside :authority (HTTP/2 allows both): SigV4 signs `host`, and a server may read only that
    if (name === "host") headers[":authority"] = value;
    headers[name] = value;
  }
  return headers;
}

function sendOnSession(session: ClientHttp2Session, request: BenchRequest, options: SendOptions): Promise<BenchResponse> {
  return new Promise((resolve, reject) => {
    const stream = session.request(toH2Headers(request), options.signal ? { signal: options.signal } : {});
    let status = 0;
    let headersAt = 0;
    let bytes = 0;
    stream.once("response", (headers) => {
      status = Number(headers[":status"]);
      headersAt = performance.now();
    });
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      options.onData?.(chunk, performance.now());
    });
    stream.once("end", () => resolve({ status, bytes, headersAt, endedAt: performance.now() }));
    stream.once("error", reject);
    stream.end(request.body);
  });
}

/**
 * h2c (HTTP/2 with prior knowledge) client: every request is a stream on one session, as the AWS SDK does.
 *
 * @example
 * const client = createH2Client("http://127.0.0.1:4000");
 * await client.send({ path: "/x", headers: { host: "127.0.0.1:4000" }, body: Buffer.from("{}") });
 */
export function createH2Client(origin: string): HttpClient {
  let session: ClientHttp2Session | undefined;
  const connect = (): ClientHttp2Session => {
    if (session && !session.closed && !session.destroyed) return session;
    const fresh = http2.connect(origin, { peerMaxConcurrentStreams: 10_000 });
    fresh.on("error", () => undefined);
    session = fresh;
    return fresh;
  };
  return {
    protocol: "h2c",
    send: (request, options = {}) => sendOnSession(connect(), request, options),
    close: () =>
      new Promise<void>((resolve) => {
        if (!session || session.closed) return resolve();
        session.close(() => resolve());
        setTimeout(() => {
          session?.destroy();
          resolve();
        }, 2_000).unref();
      }),
  };
}
