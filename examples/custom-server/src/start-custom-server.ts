import { createServer as createH2cServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Gateway } from "@bedrock-gw/core";
import { createHonoApp } from "./hono-app.js";
import { createNodeServer } from "./node-http-server.js";

export type ServerKind = "node-http" | "hono" | "hono-h2c";

export interface RunningCustomServer {
  url: string;
  close(): Promise<void>;
}

interface ClosableServer {
  listen(port: number, host: string, callback: () => void): unknown;
  address(): AddressInfo | string | null;
  close(callback: () => void): unknown;
}

// Each kind: how the server is built. `hono-h2c` serves HTTP/2 cleartext, which the AWS SDK's default handler speaks.
const SERVER_BUILDERS: Record<ServerKind, (gateway: Gateway) => ClosableServer> = {
  "node-http": (gateway) => createNodeServer(gateway),
  hono: (gateway) => createAdaptorServer({ fetch: createHonoApp(gateway).fetch }) as ClosableServer,
  "hono-h2c": (gateway) => createAdaptorServer({ fetch: createHonoApp(gateway).fetch, createServer: createH2cServer }) as ClosableServer,
};

/**
 * Listens with one of the example servers around the gateway.
 *
 * @example
 * const server = await startCustomServer(gateway, { kind: "hono", port: 4000, host: "127.0.0.1" });
 * console.log(server.url);
 */
export async function startCustomServer(gateway: Gateway, options: { kind: ServerKind; port: number; host: string }): Promise<RunningCustomServer> {
  const server = SERVER_BUILDERS[options.kind](gateway);
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const closeAll = (server as { closeAllConnections?: () => void }).closeAllConnections;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        closeAll?.call(server);
      }),
  };
}
