import type { RunningServer } from "./start-server.js";

/** The start banner: where the gateway listens and a curl line that works right now. */
export function formatBanner(server: RunningServer, options: { simulate: boolean }): string[] {
  const group = server.config.modelGroups.keys().next().value ?? "anthropic.claude-3-haiku-20240307-v1:0";
  const auth = server.gateway.open ? "" : ` -H "Authorization: Bearer $BEDROCK_GW_MASTER_KEY"`;
  const body = `'{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}'`;
  return [
    `bedrock-gw listening on ${server.url} (HTTP/1.1 and HTTP/2)`,
    `  Bedrock endpoint: ${server.url}/bedrock`,
    ...(options.simulate ? ["  upstream: built-in Bedrock simulator (no AWS calls)"] : []),
    `  model groups: ${[...server.config.modelGroups.keys()].join(", ") || "(none; raw model ids pass through)"}`,
    "Try it:",
    `  curl -s ${server.url}/bedrock/model/${group}/converse -H 'content-type: application/json'${auth} -d ${body}`,
  ];
}
