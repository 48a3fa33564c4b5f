import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import http2 from "node:http2";
import type { Http2ServerRequest, Http2ServerResponse, Http2Session } from "node:http2";
import net from "node:net";
import type { Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** A Node request listener that serves both HTTP/1.1 and HTTP/2 (compat API) requests. */
export type NodeRequestListener = (
  req: IncomingMessage | Http2ServerRequest,
  res: ServerResponse | Http2ServerResponse,
) => void;

export interface DualProtocolServerOptions {
  /** Serve TLS with ALPN `h2` and `http/1.1` instead of cleartext HTTP/1.1 + h2c. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** HTTP/1.1: time allowed to receive request headers (default 60 s). Also bounds the protocol sniff. */
  headersTimeoutMs?: number;
  /** HTTP/1.1: time allowed to receive a whole request body; never limits the response (default 300 s). */
  requestTimeoutMs?: number;
  /** HTTP/1.1: how long an idle keep-alive connection stays open (default 65 s, above common LB idle timeouts). */
  keepAliveTimeoutMs?: number;
  /** HTTP/2: close a session with no activity for this long (default 0 = never). */
  sessionIdleTimeoutMs?: number;
}

export interface DualProtocolServer {
  listen(port: number, host?: string): Promise<{ port: number; host: string; url: string }>;
  /** stop accepting, let in-flight requests (streams included) finish up to deadlineMs, then destroy what is left */
  close(deadlineMs?: number): Promise<void>;
  /** number of in-flight requests */
  readonly inFlight: number;
  /** requests taken since the server was made (HTTP/1.1 and HTTP/2), for telling a quiet process from a busy one */
  readonly requestsStarted: number;
  readonly netServer: net.Server;
}

const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const DEFAULT_CLOSE_DEADLINE_MS = 10_000;
const CLOSE_LINGER_MS = 250;

interface Tracking {
  /** responses not yet closed */
  inFlight: Set<ServerResponse | Http2ServerResponse>;
  /** requests taken so far */
  started: number;
  closing: boolean;
  /** active request count per HTTP/1.1 socket, so idle keep-alive sockets can be closed at shutdown */
  h1Sockets: Map<Socket, number>;
  h2Sessions: Set<Http2Session>;
  sniffing: Set<Socket>;
  drained: Set<() => void>;
}

/**
 * One listening port that speaks HTTP/1.1 and HTTP/2: cleartext h2c with prior knowledge next to HTTP/1.1
 * (the connection preface is sniffed), or TLS with ALPN `h2` + `http/1.1` when `tls` is given.
 *
 * @example
 * const server = createDualProtocolServer((req, res) => res.end("ok"));
 * const { url } = await server.listen(4000, "127.0.0.1"); // http://127.0.0.1:4000
 * await server.close(5_000);
 */
export function createDualProtocolServer(
  listener: NodeRequestListener,
  options: DualProtocolServerOptions = {},
): DualProtocolServer {
  const tracking: Tracking = {
    inFlight: new Set(),
    started: 0,
    closing: false,
    h1Sockets: new Map(),
    h2Sessions: new Set(),
    sniffing: new Set(),
    drained: new Set(),
  };
  const tracked = createTrackedListener(listener, tracking);
  const netServer = options.tls
    ? createTlsServer(tracked, options.tls, options, tracking)
    : createCleartextServer(tracked, options, tracking);
  const scheme = options.tls ? "https" : "http";

  return {
    get inFlight() {
      return tracking.inFlight.size;
    },
    get requestsStarted() {
      return tracking.started;
    },
    netServer,
    listen: (port, host = "127.0.0.1") => listenOn(netServer, port, host, scheme),
    close: (deadlineMs = DEFAULT_CLOSE_DEADLINE_MS) => closeGracefully(netServer, tracking, deadlineMs),
  };
}

function createTrackedListener(listener: NodeRequestListener, tracking: Tracking): NodeRequestListener {
  return (req, res) => {
    tracking.started++;
    tracking.inFlight.add(res);
    const socket = req.socket as Socket;
    const h1Socket = req.httpVersionMajor === 1 && tracking.h1Sockets.has(socket) ? socket : undefined;
    if (h1Socket) {
      tracking.h1Sockets.set(h1Socket, (tracking.h1Sockets.get(h1Socket) ?? 0) + 1);
      // a request that arrives on a kept-alive connection during shutdown is served, then the connection ends
      if (tracking.closing) (res as ServerResponse).shouldKeepAlive = false;
    }
    res.once("close", () => {
      tracking.inFlight.delete(res);
      if (h1Socket) releaseH1Socket(h1Socket, tracking);
      if (tracking.inFlight.size === 0) for (const notify of tracking.drained) notify();
    });
    listener(req, res);
  };
}

function releaseH1Socket(socket: Socket, tracking: Tracking): void {
  const active = tracking.h1Sockets.get(socket);
  if (active === undefined) return;
  tracking.h1Sockets.set(socket, active - 1);
  if (tracking.closing && active === 1) socket.end();
}

function trackH1Socket(socket: Socket, tracking: Tracking): void {
  if (tracking.h1Sockets.has(socket)) return;
  tracking.h1Sockets.set(socket, 0);
  socket.once("close", () => tracking.h1Sockets.delete(socket));
}

function trackH2Session(session: Http2Session, tracking: Tracking): void {
  tracking.h2Sessions.add(session);
  session.once("close", () => tracking.h2Sessions.delete(session));
  // a session error must not crash the process; the session is destroyed by Node afterwards
  session.on("error", () => undefined);
  if (tracking.closing) session.close();
}

function createH1Server(listener: NodeRequestListener, options: DualProtocolServerOptions): http.Server {
  const server = http.createServer(
    {
      keepAlive: true,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000,
      headersTimeout: options.headersTimeoutMs ?? 60_000,
      requestTimeout: options.requestTimeoutMs ?? 300_000,
      connectionsCheckingInterval: Math.min(options.headersTimeoutMs ?? 30_000, 30_000),
    },
    listener,
  );
  // This server never listens itself (the sniffing net.Server hands it sockets), but Node only starts enforcing
  // headersTimeout/requestTimeout once a server emits "listening".
  server.emit("listening");
  return server;
}

function createH2Server(listener: NodeRequestListener, options: DualProtocolServerOptions): http2.Http2Server {
  const server = http2.createServer({}, listener);
  server.setTimeout(options.sessionIdleTimeoutMs ?? 0);
  return server;
}

function createCleartextServer(
  listener: NodeRequestListener,
  options: DualProtocolServerOptions,
  tracking: Tracking,
): net.Server {
  const h1 = createH1Server(listener, options);
  const h2 = createH2Server(listener, options);
  h2.on("session", (session: Http2Session) => trackH2Session(session, tracking));
  const sniffTimeoutMs = options.headersTimeoutMs ?? 60_000;
  // no Nagle: a stream's small event frames go out at once instead of waiting for the client's delayed ACK
  const netServer = net.createServer({ noDelay: true, keepAlive: true }, (socket) => {
    routeBySniffing(socket, sniffTimeoutMs, tracking, (isH2) => {
      if (isH2) h2.emit("connection", socket);
      else {
        trackH1Socket(socket, tracking);
        h1.emit("connection", socket);
        // the HTTP/1.1 parser reads through "data" events, which stay off until the paused socket resumes
        socket.resume();
      }
    });
  });
  netServer.once("close", () => h1.close(() => undefined));
  return netServer;
}

/**
 * Reads until the first bytes tell HTTP/2 prior knowledge (the full preface) from anything else, then puts the
 * bytes back so the chosen server parses the connection from its first byte. The preface may arrive split.
 */
function routeBySniffing(
  socket: Socket,
  timeoutMs: number,
  tracking: Tracking,
  dispatch: (isH2: boolean) => void,
): void {
  let received: Buffer = Buffer.alloc(0);
  tracking.sniffing.add(socket);
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  const onError = (): void => {
    socket.destroy();
  };
  const finish = (isH2: boolean): void => {
    clearTimeout(timer);
    tracking.sniffing.delete(socket);
    socket.off("data", onData);
    socket.off("error", onError);
    socket.off("close", onClose);
    socket.pause();
    socket.unshift(received);
    dispatch(isH2);
  };
  const onData = (chunk: Buffer): void => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const compared = Math.min(received.length, H2_PREFACE.length);
    if (!received.subarray(0, compared).equals(H2_PREFACE.subarray(0, compared))) finish(false);
    else if (received.length >= H2_PREFACE.length) finish(true);
  };
  const onClose = (): void => {
    clearTimeout(timer);
    tracking.sniffing.delete(socket);
  };
  socket.on("data", onData);
  socket.on("error", onError);
  socket.once("close", onClose);
  if (tracking.closing) socket.destroy();
}

function createTlsServer(
  listener: NodeRequestListener,
  tls: { cert: string | Buffer; key: string | Buffer },
  options: DualProtocolServerOptions,
  tracking: Tracking,
): net.Server {
  const server = http2.createSecureServer(
    { cert: tls.cert, key: tls.key, allowHTTP1: true, ALPNProtocols: ["h2", "http/1.1"], noDelay: true, keepAlive: true },
    listener,
  );
  server.setTimeout(options.sessionIdleTimeoutMs ?? 0);
  server.on("session", (session: Http2Session) => trackH2Session(session, tracking));
  server.on("secureConnection", (socket: Socket & { alpnProtocol?: string | false }) => {
    if (socket.alpnProtocol !== "h2") trackH1Socket(socket, tracking);
  });
  return server;
}

function listenOn(
  server: net.Server,
  port: number,
  host: string,
  scheme: "http" | "https",
): Promise<{ port: number; host: string; url: string }> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      const address = server.address() as AddressInfo;
      const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({ port: address.port, host: address.address, url: `${scheme}://${urlHost}:${address.port}` });
    });
  });
}

async function closeGracefully(server: net.Server, tracking: Tracking, deadlineMs: number): Promise<void> {
  tracking.closing = true;
  const closed = new Promise<void>((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
  for (const socket of tracking.sniffing) socket.destroy();
  for (const [socket, active] of tracking.h1Sockets) if (active === 0) socket.end();
  for (const session of tracking.h2Sessions) session.close();

  const drained = new Promise<boolean>((resolve) => {
    if (tracking.inFlight.size === 0) return resolve(true);
    const notify = (): void => {
      tracking.drained.delete(notify);
      resolve(true);
    };
    tracking.drained.add(notify);
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  const finishedInTime = await Promise.race([drained, deadline]);
  clearTimeout(timer);
  // Drained connections end by themselves (H1 FIN after the last response, H2 after GOAWAY); a peer that does not
  // hang up gets a short grace, and at the deadline everything left is destroyed.
  const linger = setTimeout(() => destroyEverything(tracking), finishedInTime ? CLOSE_LINGER_MS : 0);
  await closed;
  clearTimeout(linger);
}

function destroyEverything(tracking: Tracking): void {
  // reset unfinished H2 streams with an error code, so clients raise an error instead of seeing a short body
  for (const res of tracking.inFlight) {
    if ("stream" in res) res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
  }
  for (const socket of tracking.sniffing) socket.destroy();
  for (const socket of tracking.h1Sockets.keys()) socket.destroy();
  for (const session of tracking.h2Sessions) session.destroy();
}
