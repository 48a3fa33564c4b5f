/**
 * A header value given once, or read per request (e.g. from an AsyncLocalStorage holding the current user).
 * `undefined` (or an empty value) leaves the header out of that request.
 *
 * @example
 * const endUser: GatewayHeaderSource<string> = () => currentUser.getStore()?.id;
 */
export type GatewayHeaderSource<T> = T | (() => T | undefined | Promise<T | undefined>);

/**
 * How a client reaches the gateway and what it tells it about each call.
 *
 * @example
 * const options: GatewayOptions = { baseUrl: "http://localhost:4000", apiKey: "sk-...", endUser: "user-42", tags: ["checkout"] };
 */
export interface GatewayOptions {
  /** The gateway's root URL, e.g. `http://localhost:4000` (the client adds `/bedrock`). Default: `BEDROCK_GW_URL`. */
  baseUrl?: string;
  /** The gateway key, sent as `Authorization: Bearer <key>`. Default: `BEDROCK_GW_API_KEY`. */
  apiKey?: string;
  /**
   * The SDK's region. The gateway picks each deployment's real region, so this only feeds the SDK's endpoint rules;
   * `withGateway` replaces the client's own region with it (the SDK's region chain may probe EC2 metadata).
   * Default: `us-east-1`.
   */
  region?: string;
  /** Sent as `x-bedrock-gw-end-user`: whom the call is for, in spend logs and reports. */
  endUser?: GatewayHeaderSource<string>;
  /** Sent as `x-bedrock-gw-session-id`: groups calls of one conversation or job. */
  sessionId?: GatewayHeaderSource<string>;
  /** Sent as `x-bedrock-gw-tags` (comma-separated): free labels for spend reports. */
  tags?: GatewayHeaderSource<readonly string[]>;
  /** Where the `BEDROCK_GW_*` defaults are read from. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The options, checked: what the plugins and the client config need.
 *
 * @example
 * const { endpoint, apiKey } = resolveGatewayOptions({ baseUrl: "http://localhost:4000", apiKey: "sk-1" });
 */
export interface ResolvedGatewayOptions {
  /** `${baseUrl}/bedrock` */
  endpoint: URL;
  apiKey: string;
  region: string | undefined;
  headers: GatewayHeaderSources;
}

/**
 * The gateway's per-call headers as given (static values or per-request providers).
 *
 * @example
 * const headers: GatewayHeaderSources = { endUser: "user-42", sessionId: () => session.id, tags: ["batch"] };
 */
export interface GatewayHeaderSources {
  endUser?: GatewayHeaderSource<string>;
  sessionId?: GatewayHeaderSource<string>;
  tags?: GatewayHeaderSource<readonly string[]>;
}

/**
 * A missing or malformed gateway option, raised when the client is created (never on its first call). The
 * message names the option and its environment variable.
 *
 * @example
 * try {
 *   createProxiedBedrockClient();
 * } catch (error) {
 *   if (error instanceof GatewayOptionsError) console.error(error.message); // "... set the BEDROCK_GW_URL environment variable."
 * }
 */
export class GatewayOptionsError extends Error {
  override readonly name = "GatewayOptionsError";
}

export const BASE_URL_ENV = "BEDROCK_GW_URL";
export const API_KEY_ENV = "BEDROCK_GW_API_KEY";
const PREFIX = "@bedrock-gw/client:";

/**
 * Checks the options and fills in the environment defaults. Throws a `GatewayOptionsError` naming the option
 * and its environment variable when the URL or the key is missing or malformed.
 *
 * @example
 * const resolved = resolveGatewayOptions({ baseUrl: "http://localhost:4000", apiKey: "sk-1" });
 * resolved.endpoint.href; // "http://localhost:4000/bedrock"
 */
export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  const env = options.env ?? process.env;
  const baseUrl = readSetting(options.baseUrl, env[BASE_URL_ENV]);
  if (baseUrl === undefined) {
    throw new GatewayOptionsError(
      `${PREFIX} no gateway URL. Pass the baseUrl option (e.g. "http://localhost:4000") or set the ${BASE_URL_ENV} environment variable.`,
    );
  }
  const apiKey = readSetting(options.apiKey, env[API_KEY_ENV]);
  if (apiKey === undefined) {
    throw new GatewayOptionsError(
      `${PREFIX} no gateway key. Pass the apiKey option or set the ${API_KEY_ENV} environment variable ` +
        "(any value works against a gateway without a master key, e.g. `serve --simulate`).",
    );
  }
  if (/\s/.test(apiKey)) throw new GatewayOptionsError(`${PREFIX} the apiKey (or ${API_KEY_ENV}) contains whitespace.`);
  const headers = {
    ...(options.endUser !== undefined ? { endUser: checkStatic(options.endUser, "endUser") } : {}),
    ...(options.sessionId !== undefined ? { sessionId: checkStatic(options.sessionId, "sessionId") } : {}),
    ...(options.tags !== undefined ? { tags: checkStaticTags(options.tags) } : {}),
  };
  return { endpoint: toEndpoint(baseUrl), apiKey, region: readSetting(options.region, undefined), headers };
}

function readSetting(option: string | undefined, fromEnv: string | undefined): string | undefined {
  const value = option ?? fromEnv;
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function toEndpoint(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new GatewayOptionsError(
      `${PREFIX} baseUrl (or ${BASE_URL_ENV}) ${JSON.stringify(baseUrl)} is not a URL; expected e.g. "http://localhost:4000".`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GatewayOptionsError(`${PREFIX} baseUrl (or ${BASE_URL_ENV}) must be an http:// or https:// URL, got ${JSON.stringify(baseUrl)}.`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new GatewayOptionsError(`${PREFIX} baseUrl (or ${BASE_URL_ENV}) must have no query, fragment or credentials.`);
  }
  const root = url.pathname.replace(/\/+$/, "");
  if (/\/bedrock$/i.test(root)) {
    throw new GatewayOptionsError(
      `${PREFIX} baseUrl (or ${BASE_URL_ENV}) is the gateway's root, without /bedrock (the client adds it): use ${JSON.stringify(
        `${url.origin}${root.slice(0, -"/bedrock".length)}`,
      )}.`,
    );
  }
  url.pathname = `${root}/bedrock`;
  return url;
}

function checkStatic(value: GatewayHeaderSource<string>, option: string): GatewayHeaderSource<string> {
  if (typeof value === "string") assertHeaderText(value, option);
  return value;
}

function checkStaticTags(value: GatewayHeaderSource<readonly string[]>): GatewayHeaderSource<readonly string[]> {
  if (typeof value !== "function") for (const tag of value) assertTag(tag);
  return value;
}

/** Throws when a header value would be refused by HTTP or change meaning on the wire. */
export function assertHeaderText(value: string, option: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be refused
  if (/[\u0000-\u001f\u007f]/.test(value) || /[^\u0020-\u00ff]/.test(value)) {
    throw new GatewayOptionsError(`${PREFIX} ${option} ${JSON.stringify(value)} has characters an HTTP header cannot carry.`);
  }
}

/** Throws on a tag that the comma-separated header would split or lose. */
export function assertTag(tag: string): void {
  assertHeaderText(tag, "tag");
  if (tag.includes(",") || tag.trim() === "") {
    throw new GatewayOptionsError(`${PREFIX} tag ${JSON.stringify(tag)} must be non-empty and contain no comma (tags travel comma-separated).`);
  }
}
