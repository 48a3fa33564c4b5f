import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDualProtocolServer } from "./dual-protocol-server.js";
import type { DualProtocolServer, NodeRequestListener } from "./dual-protocol-server.js";

interface Reply {
  status: number;
  body: string;
}

const echoProtocol: NodeRequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`${req.httpVersion} ${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
  });
};

function requestH1(url: string, path: string, body = "", agent?: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: "POST", agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        res.complete ? resolve({ status: res.statusCode ?? 0, body: text }) : reject(new Error("response cut short")),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function requestH2(session: http2.ClientHttp2Session, path: string, body = ""): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ":method": "POST", ":path": path });
    let status = 0;
    let text = "";
    stream.setEncoding("utf8");
    stream.on("response", (headers) => (status = Number(headers[":status"])));
    stream.on("data", (chunk: string) => (text += chunk));
    stream.on("close", () =>
      stream.rstCode === http2.constants.NGHTTP2_NO_ERROR
        ? resolve({ status, body: text })
        : reject(new Error(`stream reset with code ${stream.rstCode}`)),
    );
    stream.on("error", reject);
    stream.end(body);
  });
}

function connectH2(authority: string, options: http2.SecureClientSessionOptions = {}): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(authority, options);
    session.once("connect", () => resolve(session));
    session.once("error", reject);
  });
}

/** A TCP relay that cuts the first bytes a client sends into tiny, delayed pieces, so the preface arrives split. */
async function startSplittingRelay(targetPort: number, pieceSizes: number[]): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(targetPort, "127.0.0.1");
    sockets.add(client).add(upstream);
    const sizes = [...pieceSizes];
    let queue = Promise.resolve();
    client.on("data", (data: Buffer) => {
      queue = queue.then(async () => {
        let rest = data;
        while (rest.length > 0) {
          const size = sizes.shift() ?? rest.length;
          upstream.write(rest.subarray(0, size));
          rest = rest.subarray(size);
          if (sizes.length > 0 || rest.length > 0) await new Promise((r) => setTimeout(r, 15));
        }
      });
    });
    upstream.on("data", (data: Buffer) => client.write(data));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      relay.close();
    },
  };
}

const servers: DualProtocolServer[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await Promise.all(servers.splice(0).map((server) => server.close(100)));
});

async function start(listener: NodeRequestListener, options = {}) {
  const server = createDualProtocolServer(listener, options);
  servers.push(server);
  return { server, ...(await server.listen(0, "127.0.0.1")) };
}

describe("createDualProtocolServer (cleartext)", () => {
  it("serves HTTP/1.1 and h2c prior knowledge on the same port", async () => {
    const { url, port } = await start(echoProtocol);
    expect(url).toBe(`http://127.0.0.1:${port}`);

    const agent = new http.Agent({ keepAlive: true });
    cleanups.push(() => agent.destroy());
    expect(await requestH1(url, "/one", "a")).toEqual({ status: 200, body: "1.1 POST /one a" });
    expect(await requestH1(url, "/two", "b", agent)).toEqual({ status: 200, body: "1.1 POST /two b" });
    expect(await requestH1(url, "/three", "c", agent)).toEqual({ status: 200, body: "1.1 POST /three c" });

    const session = await connectH2(url);
    cleanups.push(() => session.destroy());
    const replies = await Promise.all([requestH2(session, "/x", "1"), requestH2(session, "/y", "2")]);
    expect(replies).toEqual([
      { status: 200, body: "2.0 POST /x 1" },
      { status: 200, body: "2.0 POST /y 2" },
    ]);
  });

  it("routes correctly when the first bytes arrive in small pieces", async () => {
    const { port } = await start(echoProtocol);
    const h2Relay = await startSplittingRelay(port, [3, 5, 7, 4]);
    cleanups.push(h2Relay.close);
    const session = await connectH2(`http://127.0.0.1:${h2Relay.port}`);
    cleanups.push(() => session.destroy());
    expect(await requestH2(session, "/split", "h2")).toEqual({ status: 200, body: "2.0 POST /split h2" });

    const h1Relay = await startSplittingRelay(port, [1, 1, 2]);
    cleanups.push(h1Relay.close);
    expect(await requestH1(`http://127.0.0.1:${h1Relay.port}`, "/split", "h1")).toEqual({
      status: 200,
      body: "1.1 POST /split h1",
    });
  });

  it("counts in-flight requests", async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { server, url } = await start((_req, res) => {
      void gate.then(() => res.end("done"));
    });
    const pending = requestH1(url, "/wait");
    await waitFor(() => server.inFlight === 1);
    release();
    expect((await pending).body).toBe("done");
    await waitFor(() => server.inFlight === 0);
  });

  it("counts the requests it has taken, over HTTP/1.1 and HTTP/2", async () => {
    const { server, url } = await start((_req, res) => res.end("ok"));
    expect(server.requestsStarted).toBe(0);
    await requestH1(url, "/a");
    await requestH1(url, "/b");
    const session = await connectH2(url);
    cleanups.push(() => session.destroy());
    await requestH2(session, "/c");
    expect(server.requestsStarted).toBe(3);
  });
});

describe("close()", () => {
  const slowStream: NodeRequestListener = (_req, reply) => {
    const res = reply as http.ServerResponse; // H1 and H2 compat responses share these methods
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("part1;");
    setTimeout(() => res.end("part2"), 300);
  };

  it("lets in-flight H1 and H2 streams finish, closes idle keep-alive sockets and refuses new connections", async () => {
    const { server, url, port } = await start(slowStream);
    const agent = new http.Agent({ keepAlive: true });
    cleanups.push(() => agent.destroy());
    const session = await connectH2(url);
    cleanups.push(() => session.destroy());

    const idle = await requestH1(url, "/idle", "", agent); // leaves an idle keep-alive socket behind
    expect(idle.body).toBe("part1;part2");
    const h1 = requestH1(url, "/slow");
    const h2 = requestH2(session, "/slow");
    await waitFor(() => server.inFlight === 2);

    const started = Date.now();
    await server.close(5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await h1).toEqual({ status: 200, body: "part1;part2" });
    expect(await h2).toEqual({ status: 200, body: "part1;part2" });
    expect(server.inFlight).toBe(0);
    await expect(requestH1(`http://127.0.0.1:${port}`, "/late")).rejects.toThrow();
  });

  it("destroys what is left at the deadline", async () => {
    const { server, url } = await start((_req, reply) => {
      const res = reply as http.ServerResponse;
      res.writeHead(200);
      res.write("never ends");
    });
    const session = await connectH2(url);
    cleanups.push(() => session.destroy());
    const h1 = requestH1(url, "/hang");
    const h2 = requestH2(session, "/hang");
    h1.catch(() => undefined);
    h2.catch(() => undefined);
    await waitFor(() => server.inFlight === 2);

    const started = Date.now();
    await server.close(150);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_500);
    await expect(h1).rejects.toThrow();
    await expect(h2).rejects.toThrow();
  });
});

const openssl = findOpenssl();

describe("createDualProtocolServer (TLS)", () => {
  it.skipIf(!openssl)("negotiates h2 and http/1.1 by ALPN on one port (needs openssl)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dual-tls-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    const tls = { cert: readFileSync(join(dir, "cert.pem")), key: readFileSync(join(dir, "key.pem")) };
    const { url } = await start(echoProtocol, { tls });
    expect(url.startsWith("https://127.0.0.1:")).toBe(true);

    const session = await connectH2(url, { rejectUnauthorized: false });
    cleanups.push(() => session.destroy());
    expect(await requestH2(session, "/tls", "z")).toEqual({ status: 200, body: "2.0 POST /tls z" });

    const h1 = await new Promise<Reply>((resolve, reject) => {
      const req = https.request(`${url}/tls1`, { method: "POST", rejectUnauthorized: false }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end("y");
    });
    expect(h1).toEqual({ status: 200, body: "1.1 POST /tls1 y" });
  });
});

function findOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
