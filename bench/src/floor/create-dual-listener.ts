import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import http2 from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import net from "node:net";
import type { AddressInfo, Socket } from "node:net";

export type DualRequestListener = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => void;

export interface DualListener {
  /** resolves with the URL, e.g. http://127.0.0.1:9000 */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * HTTP/1.1 and h2c (prior knowledge) on one port, with TCP_NODELAY on every accepted socket: a socket handed to
 * node:http by `emit("connection")` skips http.Server's own noDelay default, and with Nagle on, a small write
 * that follows another (an event frame after the response headers) waits for the peer's delayed ACK (~40 ms).
 *
 * @example
 * const listener = createDualListener((req, res) => res.end("ok"));
 * const url = await listener.listen(0, "127.0.0.1");
 */
export function createDualListener(handle: DualRequestListener): DualListener {
  const h1 = http.createServer({ keepAliveTimeout: 65_000 }, handle);
  const h2 = http2.createServer({}, handle);
  h2.on("session", (session) => session.on("error", () => undefined));
  const sockets = new Set<Socket>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    // "PRI" starts only the HTTP/2 preface: no HTTP/1.1 method has that name
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first.subarray(0, 3).toString("latin1") === "PRI") h2.emit("connection", socket);
      else {
        h1.emit("connection", socket);
        socket.resume();
      }
    });
  });
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`));
      }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
