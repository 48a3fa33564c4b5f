import type { Gateway } from "@bedrock-gw/core";
import { Hono } from "hono";

/**
 * The gateway mounted in a Hono app next to the app's own routes. Hono hands over the web `Request` as it is
 * (`c.req.raw`), and the gateway's `Response` goes back unchanged, streams included.
 *
 * @example
 * import { serve } from "@hono/node-server";
 * serve({ fetch: createHonoApp(gateway).fetch, port: 4000 });
 */
export function createHonoApp(gateway: Gateway): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok", server: "hono" }));
  app.all("/bedrock/*", (c) => gateway.handle(c.req.raw));
  return app;
}
