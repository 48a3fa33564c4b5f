import type { Gateway, NodeRequestListener } from "@bedrock-gw/core";

/**
 * Sends Bedrock calls (`/bedrock` and below) straight to the gateway's Node handler, which reads the request and
 * writes the response with no web Request, Response or stream in between: every model call takes this path, so it
 * is kept short. Everything else (health, keys, spend, metrics, the 404) goes to the h3 app.
 */
export function routeBedrockCalls(gateway: Pick<Gateway, "handleNode" | "logger">, app: NodeRequestListener): NodeRequestListener {
  return (req, res) => {
    if (!isBedrockTarget(req.url ?? "/")) {
      app(req, res);
      return;
    }
    gateway.handleNode(req, res).catch((error: unknown) => {
      gateway.logger.error({ err: (error as Error).message }, "a Bedrock call failed outside the gateway's error handling");
      res.destroy();
    });
  };
}

function isBedrockTarget(target: string): boolean {
  if (!target.startsWith("/bedrock")) return false;
  const next = target.charCodeAt(8);
  // "/bedrock", "/bedrock/...", "/bedrock?..." but not "/bedrockfoo"
  return Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */;
}
