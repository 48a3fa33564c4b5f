import type { IncomingMessage, ServerResponse } from "node:http";
import http2 from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";

export type ResponseHeaders = Record<string, string>;

/** One response, written the same way over HTTP/1.1 and HTTP/2. */
export interface ResponseSink {
  readonly protocol: "http/1.1" | "h2";
  /** the connection closed (or the stream was reset) before the response ended */
  readonly closed: boolean;
  /** status, headers and the whole body */
  send(status: number, headers: ResponseHeaders, body: Buffer): void;
  /** status and headers now; the body follows through `write` */
  start(status: number, headers: ResponseHeaders): void;
  /** writes one piece and waits for it to drain; false once the peer is gone */
  write(chunk: Uint8Array): Promise<boolean>;
  end(): void;
  /** drops the connection: HTTP/1.1 socket destroyed, HTTP/2 stream reset */
  drop(): void;
  /** called once when the response is over; `finished` is false when it did not end normally */
  onDone(listener: (finished: boolean) => void): void;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

/**
 * Wraps a Node response (HTTP/1.1 or the HTTP/2 compatibility API) in one small interface.
 *
 * @example
 * const sink = createResponseSink(req, res);
 * sink.send(200, { "content-type": "application/json" }, Buffer.from("{}"));
 */
export function createResponseSink(req: AnyRequest, res: AnyResponse): ResponseSink {
  const isH2 = req.httpVersionMajor === 2;
  const out = res as ServerResponse; // the compat response shares every method used here
  let ended = false;
  let closed = false;
  const doneListeners: Array<(finished: boolean) => void> = [];
  let streamFinished = false;
  if (isH2) (res as Http2ServerResponse).stream.once("finish", () => (streamFinished = true));
  out.once("close", () => {
    // an H2 peer may reset a stream it has fully received (the SDK does after an exception frame): still finished
    const streamOk = isH2
      ? streamFinished || (res as Http2ServerResponse).stream?.rstCode === http2.constants.NGHTTP2_NO_ERROR
      : out.writableFinished;
    closed = !(ended && streamOk);
    for (const listener of doneListeners) listener(!closed);
  });
  const toWire = (headers: ResponseHeaders): ResponseHeaders =>
    isH2 ? Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) : headers;

  return {
    protocol: isH2 ? "h2" : "http/1.1",
    get closed() {
      return closed || out.destroyed;
    },
    send(status, headers, body) {
      out.writeHead(status, toWire({ ...headers, "Content-Length": String(body.length) }));
      ended = true;
      out.end(body);
    },
    start(status, headers) {
      out.writeHead(status, toWire(headers));
      out.flushHeaders();
    },
    write(chunk) {
      if (closed || out.destroyed) return Promise.resolve(false);
      if (out.write(chunk)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const onDrain = (): void => {
          out.off("close", onClose);
          resolve(true);
        };
        const onClose = (): void => {
          out.off("drain", onDrain);
          resolve(false);
        };
        out.once("drain", onDrain);
        out.once("close", onClose);
      });
    },
    end() {
      ended = true;
      out.end();
    },
    drop() {
      // what was written before the drop still reaches the peer, as when a real connection dies mid-response
      if (isH2) {
        const stream = (res as Http2ServerResponse).stream;
        if (out.headersSent) out.write(Buffer.alloc(0), () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
        else stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      } else {
        const socket = out.socket;
        socket?.write("", () => socket.destroy());
      }
    },
    onDone(listener) {
      doneListeners.push(listener);
    },
  };
}
