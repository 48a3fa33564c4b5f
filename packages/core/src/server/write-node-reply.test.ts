import { createServer, request as httpRequest } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { connect, constants, createServer as createH2Server } from "node:http2";
import type { Http2Server, Http2ServerResponse } from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { GatewayReply } from "../gateway/gateway-reply.js";
import type { Relay } from "../streams/relay-body.js";
import { writeNodeReply } from "./write-node-reply.js";

type Handler = (req: IncomingMessage, res: ServerResponse | Http2ServerResponse) => void;
const servers: Array<Server | Http2Server> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(server: Server | Http2Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** a relay over fixed chunks that then ends, fails, or waits until cancelled */
function createTestRelay(chunks: readonly string[], ending: "end" | "fail" | "hang" = "end") {
  const queue = chunks.map((text) => Buffer.from(text));
  let cancelled = false;
  let wake: () => void = () => undefined;
  const relay: Relay & { readonly cancelled: boolean } = {
    async read() {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const next = queue.shift();
      if (next) return next;
      if (ending === "fail") throw new Error("upstream reset");
      if (ending === "hang") await new Promise<void>((resolve) => (wake = resolve));
      return null;
    },
    cancel() {
      cancelled = true;
      wake();
    },
    get cancelled() {
      return cancelled;
    },
  };
  return relay;
}

function get(port: number): Promise<{ status: number; headers: Record<string, unknown>; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ port, host: "127.0.0.1", path: "/" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on("error", (error) => resolve({ status: res.statusCode!, headers: res.headers, body, error: error.message }));
    });
    req.on("error", (error) => resolve({ status: 0, headers: {}, body: "", error: error.message }));
    req.end();
  });
}

describe("writeNodeReply over HTTP/1.1", () => {
  async function serve(reply: () => GatewayReply, signal?: AbortSignal): Promise<number> {
    const handler: Handler = (_req, res) => void writeNodeReply(reply(), res, signal);
    return await listen(createServer(handler));
  }

  it("writes a whole body in one piece with its length", async () => {
    const port = await serve(() => ({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from('{"ok":true}') }));
    const res = await get(port);
    expect(res).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(res.headers["content-length"]).toBe("11");
    expect(res.headers["transfer-encoding"]).toBeUndefined();
  });

  it("calls afterWrite once, after the whole body was handed to the socket", async () => {
    const order: string[] = [];
    const port = await listen(
      createServer((_req, res) => {
        const end = res.end.bind(res);
        res.end = ((...args: Parameters<typeof res.end>) => {
          order.push("end");
          return end(...args);
        }) as typeof res.end;
        void writeNodeReply({ status: 200, headers: {}, body: Buffer.from("ok"), afterWrite: () => order.push("afterWrite") }, res);
      }),
    );
    expect((await get(port)).body).toBe("ok");
    expect(order).toEqual(["end", "afterWrite"]);
  });

  it("keeps repeated headers as separate values", async () => {
    const port = await serve(() => ({ status: 200, headers: { "set-cookie": ["a=1", "b=2"] }, body: null }));
    expect((await get(port)).headers["set-cookie"]).toEqual(["a=1", "b=2"]);
  });

  it("relays a body chunk by chunk and ends it", async () => {
    const relay = createTestRelay(["one ", "two ", "three"]);
    const port = await serve(() => ({ status: 200, headers: { "content-type": "text/plain" }, body: relay }));
    expect(await get(port)).toMatchObject({ status: 200, body: "one two three" });
  });

  it("cuts the response when the relay fails, so a truncated body never looks whole", async () => {
    const port = await serve(() => ({ status: 200, headers: {}, body: createTestRelay(["partial"], "fail") }));
    const res = await get(port);
    expect(res.error).toBeDefined();
  });

  it("cancels the relay when the client goes away mid-body", async () => {
    const relay = createTestRelay(["first"], "hang");
    const port = await serve(() => ({ status: 200, headers: {}, body: relay }));
    await new Promise<void>((resolve) => {
      const req = httpRequest({ port, host: "127.0.0.1", path: "/" }, (res) => res.once("data", () => req.destroy()));
      req.on("error", () => undefined);
      req.on("close", resolve);
      req.end();
    });
    await expect.poll(() => relay.cancelled, { timeout: 5_000 }).toBe(true);
  });

  it("cancels the relay without writing when the client left before the reply", async () => {
    const relay = createTestRelay(["never"]);
    const aborted = AbortSignal.abort();
    const port = await serve(() => ({ status: 200, headers: {}, body: relay }), aborted);
    const res = await get(port);
    expect(res.error).toMatch(/socket hang up/);
    expect(relay.cancelled).toBe(true);
  });
});

describe("writeNodeReply over HTTP/2", () => {
  it("relays a body, and cancels the relay when the client resets its stream", async () => {
    const relays: Array<ReturnType<typeof createTestRelay>> = [];
    const server = createH2Server((_req, res) => {
      const relay = createTestRelay(["first ", "second"], relays.length === 0 ? "end" : "hang");
      relays.push(relay);
      void writeNodeReply({ status: 200, headers: { "content-type": "text/plain" }, body: relay }, res);
    });
    const port = await listen(server);
    const session = connect(`http://127.0.0.1:${port}`);
    try {
      const whole = await new Promise<string>((resolve) => {
        const stream = session.request({ ":path": "/" });
        let body = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (body += chunk));
        stream.on("end", () => resolve(body));
      });
      expect(whole).toBe("first second");
      const reset = session.request({ ":path": "/" });
      // CANCEL, as an aborting client sends (a NO_ERROR reset is sometimes never surfaced by Node's server side)
      reset.once("data", () => reset.close(constants.NGHTTP2_CANCEL));
      await expect.poll(() => relays[1]?.cancelled, { timeout: 5_000 }).toBe(true);
    } finally {
      session.destroy();
    }
  });
});
