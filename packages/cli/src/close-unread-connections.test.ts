import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeUnreadConnections } from "./close-unread-connections.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** a server that answers 413 at once, without reading the request body */
async function startRefusingServer(lingerMs: number): Promise<number> {
  server = createServer(
    closeUnreadConnections((_req, res) => {
      res.writeHead(413, { "content-type": "application/json" });
      res.end('{"message":"too large"}');
    }, { lingerMs }),
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server!.address() as AddressInfo).port;
}

interface RawExchange {
  response: string;
  writeError?: string;
}

/** sends headers, then `chunks` body chunks of 64 KiB as fast as the socket takes them, and reads everything */
function sendLargeBody(port: number, chunks: number): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(64 * 1024, 120);
    let response = "";
    let writeError: string | undefined;
    socket.on("data", (data) => (response += data.toString("latin1")));
    socket.on("error", (error: NodeJS.ErrnoException) => (writeError = error.code ?? error.message));
    socket.on("close", () => resolve({ response, writeError }));
    socket.on("connect", async () => {
      socket.write(`POST /x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${chunks * chunk.length}\r\n\r\n`);
      for (let i = 0; i < chunks && !socket.destroyed; i++) {
        if (!socket.write(chunk)) await new Promise((next) => socket.once("drain", next));
      }
      if (!socket.destroyed) socket.end();
    });
  });
}

describe("closeUnreadConnections", () => {
  it("a client that writes its whole body before reading still gets the early response, never a reset", async () => {
    const port = await startRefusingServer(2_000);
    for (let i = 0; i < 10; i++) {
      const exchange = await sendLargeBody(port, 200);
      expect(exchange.writeError).toBeUndefined();
      expect(exchange.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(exchange.response.toLowerCase()).toContain("connection: close");
      expect(exchange.response).toContain('{"message":"too large"}');
    }
  });

  it("a client that never finishes its body is cut off once the linger time is over", async () => {
    const port = await startRefusingServer(200);
    const serverSideClosed = new Promise<number>((resolve) =>
      server!.once("connection", (socket) => {
        const accepted = Date.now();
        socket.once("close", () => resolve(Date.now() - accepted));
      }),
    );
    // declares 1,000 chunks but sends 4 and then stalls, neither finishing nor closing
    const client = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let response = "";
    client.on("data", (data) => (response += data.toString("latin1")));
    client.on("error", () => undefined);
    client.write(`POST /x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${1_000 * 65_536}\r\n\r\n`);
    for (let i = 0; i < 4; i++) client.write(Buffer.alloc(65_536, 120));
    const closedAfterMs = await serverSideClosed;
    client.destroy();
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(150);
    expect(closedAfterMs).toBeLessThan(1_500);
  });

  it("a request whose body was read keeps its connection alive", async () => {
    server = createServer(
      closeUnreadConnections((req, res) => {
        req.resume();
        req.on("end", () => res.end("ok"));
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const first = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "small" });
    expect(first.headers.get("connection")).toBe("keep-alive");
    expect(await first.text()).toBe("ok");
  });
});
