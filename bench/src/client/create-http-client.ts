import type { Protocol } from "../options/bench-presets.js";
import { createH1Client } from "./create-h1-client.js";
import { createH2Client } from "./create-h2-client.js";
import type { HttpClient } from "./http-client.js";

const CLIENT_FACTORIES: Readonly<Record<Protocol, (origin: string, connections: number) => HttpClient>> = {
  h1: createH1Client,
  h2c: (origin) => createH2Client(origin),
};

/**
 * A keep-alive client for the protocol: HTTP/1.1 with up to `connections` sockets, or h2c streams on one session.
 *
 * @example
 * const client = createHttpClient("h2c", "http://127.0.0.1:4000", 1);
 */
export function createHttpClient(protocol: Protocol, origin: string, connections: number): HttpClient {
  return CLIENT_FACTORIES[protocol](origin, connections);
}
