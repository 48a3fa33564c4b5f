import type { Gateway } from "@bedrock-gw/core";
import { GatewayError, toErrorResponse } from "@bedrock-gw/core";
import { H3 } from "h3";

export interface AppOptions {
  gateway: Gateway;
  /** readiness details (store, redis, simulator) reported by /health/readiness */
  readiness?: () => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * The h3 app: the core gateway mounted at `/bedrock/**`, the health routes, and a Bedrock-shaped 404 for
 * everything else. Errors h3 raises itself (e.g. a malformed URL) are Bedrock-shaped too.
 */
export function createApp(options: AppOptions): H3 {
  const app = new H3({
    silent: true,
    onError: (error) => toErrorResponse(toGatewayErrorFromH3(error), options.gateway.createRequestId()),
    // every response carries a request id; the gateway's own responses already have theirs
    onResponse: (response) => {
      if (!response.headers.has("x-bedrock-gw-request-id")) response.headers.set("x-bedrock-gw-request-id", options.gateway.createRequestId());
    },
  });
  app.get("/health/liveliness", () => Response.json({ status: "healthy" }));
  app.get("/health/readiness", async () =>
    Response.json({ status: "ready", ...(await options.readiness?.()) }),
  );
  app.get("/spend/logs", (event) => options.gateway.admin.spendLogs(event.req as Request));
  app.get("/spend/report", (event) => options.gateway.admin.spendReport(event.req as Request));
  app.get("/global/spend/report", (event) => options.gateway.admin.spendReport(event.req as Request));
  app.get("/metrics", (event) => options.gateway.admin.metrics(event.req as Request));
  app.get("/model/info", (event) => options.gateway.admin.modelInfo(event.req as Request));
  app.get("/v1/model/info", (event) => options.gateway.admin.modelInfo(event.req as Request));
  const keys = options.gateway.keys;
  app.post("/key/generate", (event) => keys.generate(event.req as Request));
  app.get("/key/info", (event) => keys.info(event.req as Request));
  app.get("/key/list", (event) => keys.list(event.req as Request));
  app.post("/key/update", (event) => keys.update(event.req as Request));
  app.post("/key/delete", (event) => keys.delete(event.req as Request));
  app.post("/key/regenerate", (event) => keys.regenerate(event.req as Request));
  app.post("/key/:key/regenerate", (event) => keys.regenerate(event.req as Request));
  app.post("/key/block", (event) => keys.block(event.req as Request));
  app.post("/key/unblock", (event) => keys.unblock(event.req as Request));
  app.all("/bedrock/**", (event) => options.gateway.handle(event.req as Request));
  app.all("/bedrock", (event) => options.gateway.handle(event.req as Request));
  app.all("/**", (event) =>
    toErrorResponse(new GatewayError("not-found", `No route ${event.req.method} ${event.url.pathname} on this gateway.`), options.gateway.createRequestId()),
  );
  return app;
}

function toGatewayErrorFromH3(error: { status?: number; message?: string }): GatewayError {
  const status = error.status ?? 500;
  if (status === 404) return new GatewayError("not-found", error.message ?? "Not found");
  if (status === 413) return new GatewayError("body-too-large", error.message ?? "Request body too large");
  if (status >= 400 && status < 500) return new GatewayError("bad-request", error.message ?? "Bad request");
  return new GatewayError("internal", "The gateway hit an unexpected error; see its log for details.", { cause: error });
}
