import type { GatewayReply } from "../gateway/gateway-reply.js";
import type { Relay } from "../streams/relay-body.js";
import type { ClientSignal } from "../internal/client-signal.js";

/** What the writer needs of a Node response: `http.ServerResponse` and `http2.Http2ServerResponse` both have it. */
export interface NodeReplyTarget {
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  end(chunk: Uint8Array): unknown;
  destroy(error?: Error): unknown;
  once(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
  readonly writableEnded: boolean;
}

/**
 * Writes a gateway reply to a Node response: headers as they are, whole bodies in one `end` (with their length),
 * relayed bodies chunk by chunk with backpressure. A client that goes away mid-relay cancels the relay (which
 * closes the upstream connection); a relay that fails outside an event stream cuts the response rather than
 * ending it, so the client cannot mistake a truncated body for a whole one. `signal` (the client's) tells of a
 * client already gone. Resolves when the reply is written or abandoned; never rejects.
 *
 * @example
 * await writeNodeReply(reply, res, clientSignal);
 */
export async function writeNodeReply(reply: GatewayReply, res: NodeReplyTarget, signal?: ClientSignal): Promise<void> {
  const { body } = reply;
  if (body === null || body instanceof Uint8Array) {
    const headers = body === null || reply.headers["content-length"] !== undefined
      ? reply.headers
      : { ...reply.headers, "content-length": String(body.byteLength) };
    try {
      res.writeHead(reply.status, headers);
      if (body === null) res.end();
      else res.end(body);
    } finally {
      reply.afterWrite?.();
    }
    return;
  }
  if (signal?.aborted) {
    // the client left while the gateway waited for Bedrock's headers
    body.cancel();
    res.destroy();
    return;
  }
  res.writeHead(reply.status, reply.headers);
  await pumpRelay(body, res);
}

async function pumpRelay(relay: Relay, res: NodeReplyTarget): Promise<void> {
  let closed = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    closed = true;
    // the client left: stop reading upstream at once, even while upstream is silent
    if (!res.writableEnded) relay.cancel();
    wake?.();
  };
  res.once("close", onClose);
  try {
    for (;;) {
      let chunk: Uint8Array | null;
      try {
        chunk = await relay.read();
      } catch (error) {
        res.destroy(error as Error);
        return;
      }
      if (closed) return;
      if (chunk === null) {
        res.end();
        return;
      }
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          res.once("drain", resolve);
        });
        res.off("drain", wake!);
        wake = undefined;
        if (closed) return;
      }
    }
  } finally {
    res.off("close", onClose);
  }
}
