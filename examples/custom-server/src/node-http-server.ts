import { createServer } from "node:http";
import type { Server } from "node:http";
import type { Gateway } from "@bedrock-gw/core";

/**
 * The gateway in a bare `node:http` server: `/bedrock/...` goes to the gateway's Node handler (which reads `req`
 * and writes `res` itself, streams included), `/healthz` answers here, anything else is the app's own. node:http speaks HTTP/1.1 only, so AWS SDK clients (HTTP/2 by default since 3.798) need
 * `requestHandler: new NodeHttpHandler()`.
 *
 * @example
 * const server = createNodeServer(gateway);
 * server.listen(4000);
 */
export function createNodeServer(gateway: Gateway): Server {
  return createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/bedrock" || path.startsWith("/bedrock/")) {
      // answers every call itself, errors included (Bedrock-shaped); it never rejects
      void gateway.handleNode(req, res);
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok", server: "node:http" }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `no route ${path}` }));
  });
}
