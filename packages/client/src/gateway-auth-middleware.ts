import type { FinalizeRequestMiddleware, Pluggable, RelativeMiddlewareOptions } from "@smithy/types";
import type { GatewayHeaderSource, GatewayHeaderSources } from "./resolve-gateway-options.js";
import { assertHeaderText, assertTag } from "./resolve-gateway-options.js";

/**
 * What the auth middleware sends: the key and the gateway's request headers.
 *
 * @example
 * const settings: GatewayAuthSettings = { apiKey: "sk-...", headers: { endUser: "user-42" } };
 */
export interface GatewayAuthSettings {
  apiKey: string;
  headers: GatewayHeaderSources;
}

// Whatever a signer put on the request: never sent to the gateway, which reads only the Bearer key.
const SIGNING_HEADERS = new Set(["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]);
const GATEWAY_HEADERS = new Set(["x-bedrock-gw-end-user", "x-bedrock-gw-session-id", "x-bedrock-gw-tags"]);

/**
 * Placement of the auth middleware: right after signing (`awsAuthMiddleware` is the signing middleware's name
 * before SDK 3.513 and its alias since), so it overrides whatever the signer wrote, on every retry attempt.
 *
 * @example
 * command.middlewareStack.addRelativeTo(gatewayAuthMiddleware(settings), gatewayAuthMiddlewareOptions);
 */
export const gatewayAuthMiddlewareOptions: RelativeMiddlewareOptions = {
  name: "bedrockGatewayAuthMiddleware",
  relation: "after",
  toMiddleware: "awsAuthMiddleware",
  tags: ["BEDROCK_GW", "AUTH"],
  override: true,
};

/**
 * A finalize-step middleware that removes any signature headers and sends the gateway key as
 * `Authorization: Bearer <key>`, plus `x-bedrock-gw-end-user`, `-session-id` and `-tags`.
 *
 * @example
 * client.middlewareStack.addRelativeTo(gatewayAuthMiddleware({ apiKey: "sk-1", headers: {} }), gatewayAuthMiddlewareOptions);
 */
export function gatewayAuthMiddleware(settings: GatewayAuthSettings): FinalizeRequestMiddleware<object, object> {
  return (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> } | undefined;
    if (request?.headers) {
      const headers = request.headers;
      for (const name of Object.keys(headers)) {
        const lower = name.toLowerCase();
        if (SIGNING_HEADERS.has(lower) || GATEWAY_HEADERS.has(lower)) delete headers[name];
      }
      headers.authorization = `Bearer ${settings.apiKey}`;
      Object.assign(headers, await readGatewayHeaders(settings.headers));
    }
    return next(args);
  };
}

/** Resolves the per-call header values (static or read per request) into the gateway's header names. */
async function readGatewayHeaders(sources: GatewayHeaderSources): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const endUser = await readSource(sources.endUser);
  if (endUser !== undefined && endUser !== "") headers["x-bedrock-gw-end-user"] = checked(endUser, "endUser");
  const sessionId = await readSource(sources.sessionId);
  if (sessionId !== undefined && sessionId !== "") headers["x-bedrock-gw-session-id"] = checked(sessionId, "sessionId");
  const tags = await readSource(sources.tags);
  if (tags !== undefined && tags.length > 0) {
    for (const tag of tags) assertTag(tag);
    headers["x-bedrock-gw-tags"] = tags.join(",");
  }
  return headers;
}

async function readSource<T>(source: GatewayHeaderSource<T> | undefined): Promise<T | undefined> {
  return typeof source === "function" ? await (source as () => T | undefined | Promise<T | undefined>)() : source;
}

function checked(value: string, option: string): string {
  assertHeaderText(value, option);
  return value;
}

/**
 * The plugin form of the auth middleware, for `client.middlewareStack.use(...)` (or a single command's stack).
 * Applying it again replaces the earlier one.
 *
 * @example
 * client.middlewareStack.use(getGatewayAuthPlugin({ apiKey: process.env.BEDROCK_GW_API_KEY!, headers: { endUser: "u-42" } }));
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one plugin for every client's input and output types
export function getGatewayAuthPlugin(settings: GatewayAuthSettings): Pluggable<any, any> {
  return {
    applyToStack: (stack) => {
      stack.addRelativeTo(gatewayAuthMiddleware(settings), gatewayAuthMiddlewareOptions);
    },
  };
}
