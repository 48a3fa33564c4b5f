// npm start -w @bedrock-gw/example-custom-server [-- --hono | --hono-h2c] [--simulate]
// Environment: PORT (4000), HOST (127.0.0.1), BEDROCK_GW_CONFIG (bedrock-gw.yaml), SIMULATE=1, BEDROCK_GW_MASTER_KEY.
import { fileURLToPath } from "node:url";
import { loadGateway } from "./load-gateway.js";
import type { ServerKind } from "./start-custom-server.js";
import { startCustomServer } from "./start-custom-server.js";

const args = new Set(process.argv.slice(2));
const kind: ServerKind = args.has("--hono-h2c") ? "hono-h2c" : args.has("--hono") ? "hono" : "node-http";
const { gateway, close } = await loadGateway({
  configPath: process.env.BEDROCK_GW_CONFIG ?? fileURLToPath(new URL("../bedrock-gw.yaml", import.meta.url)),
  simulate: args.has("--simulate") || process.env.SIMULATE === "1",
  env: process.env,
});
const server = await startCustomServer(gateway, { kind, port: Number(process.env.PORT ?? 4000), host: process.env.HOST ?? "127.0.0.1" });
console.log(`custom server (${kind}) listening on ${server.url}; Bedrock endpoint ${server.url}/bedrock`);

const shutdown = async () => {
  await server.close();
  await close();
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
