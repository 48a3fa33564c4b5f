import type { IncomingHttpHeaders } from "node:http";
import { pipeline } from "node:stream";
import { Pool } from "undici";
import type { DualListener, DualRequestListener } from "./create-dual-listener.js";
import { createDualListener } from "./create-dual-listener.js";

// hop-by-hop headers (RFC 9110 §7.6.1) and what HTTP/2 forbids in a response
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade", "host", "http2-settings", "trailer"]);

function copyHeaders(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const copy: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && name.charCodeAt(0) !== 58 && !HOP_BY_HOP.has(name)) copy[name] = value;
  }
  return copy;
}

/**
 * The benchmark's floor: the least a Node reverse proxy can do. HTTP/1.1 and h2c (prior knowledge) on one port,
 * keep-alive undici pool upstream, request and response bytes piped, headers copied minus hop-by-hop ones, the
 * client's Host kept (so a client's SigV4 signature stays valid). No auth, no signing, no parsing, no accounting.
 *
 * @example
 * const proxy = createBareProxy("http://127.0.0.1:9000");
 * const url = await proxy.listen(0, "127.0.0.1");
 */
export function createBareProxy(upstream: string): DualListener {
  const pool = new Pool(upstream, { keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
  const handle: DualRequestListener = (req, res) => {
    const headers = copyHeaders(req.headers);
    headers.host = req.headers.host ?? String(req.headers[":authority"] ?? "");
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    pool.request({ method: req.method as "POST", path: req.url ?? "/", headers, body: hasBody ? req : null }).then(
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode, copyHeaders(upstreamResponse.headers));
        pipeline(upstreamResponse.body, res, () => undefined);
      },
      () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      },
    );
  };
  const listener = createDualListener(handle);
  return {
    listen: (port, host) => listener.listen(port, host),
    async close() {
      await listener.close();
      await pool.close();
    },
  };
}
