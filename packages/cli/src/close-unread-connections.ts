import type { NodeRequestListener } from "@bedrock-gw/core";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface CloseUnreadOptions {
  /** how long the rest of an unread body is still read and thrown away before the connection is cut (ms) */
  readonly lingerMs?: number;
}

const DEFAULT_LINGER_MS = 2_000;

/**
 * An HTTP/1.1 response sent before its request body was read (a 413, a refused key) closes the connection
 * afterwards: the rest of that body would otherwise have to be read and thrown away before the connection could
 * carry another request, and a client still sending it could stall the next call on the same socket.
 *
 * The close lingers, as nginx's does: after the response, the gateway sends its FIN but keeps reading (and
 * discarding) what the client is still sending, for at most `lingerMs`. Cutting the socket at once would answer
 * the client's in-flight body bytes with a TCP reset, and a client that writes its whole body before reading
 * (undici, the AWS SDK) would then see EPIPE/ECONNRESET instead of the 413 that is waiting for it.
 * HTTP/2 needs nothing: each request is its own stream, reset when the response ends first.
 */
export function closeUnreadConnections(next: NodeRequestListener, options: CloseUnreadOptions = {}): NodeRequestListener {
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  return (req, res) => {
    if (req.httpVersionMajor === 1) {
      const response = res as ServerResponse;
      const writeHead = response.writeHead;
      response.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse["writeHead"]>) {
        if (!req.complete) {
          this.shouldKeepAlive = false;
          lingerOnClose(req as IncomingMessage, req.socket as Socket, lingerMs);
        }
        return writeHead.apply(this, args);
      } as ServerResponse["writeHead"];
    }
    next(req, res);
  };
}

/** replaces the server's close-after-response (`destroySoon`) on this one socket with a lingering close */
function lingerOnClose(req: IncomingMessage, socket: Socket, lingerMs: number): void {
  socket.destroySoon = function (this: Socket) {
    req.resume(); // whatever body is still coming is read and dropped
    this.end();
    const timer = setTimeout(() => this.destroy(), lingerMs);
    timer.unref();
    this.once("close", () => clearTimeout(timer));
  };
}
