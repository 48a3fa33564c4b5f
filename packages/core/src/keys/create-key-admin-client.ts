import type { GenerateKeyFields } from "./key-request-schema.js";
import type { DeleteKeysResponse, GeneratedKeyResponse, KeyInfoResponse, KeyListResponse } from "./to-key-view.js";

export interface KeyAdminClientOptions {
  /** the gateway's root, e.g. `http://127.0.0.1:4000` */
  baseUrl: string;
  /** sent as `Authorization: Bearer`; leave out for a gateway running open (dev mode) */
  masterKey?: string;
  fetch?: typeof globalThis.fetch;
}

/** `/key/list` query, LiteLLM's names */
export interface KeyListQuery {
  page?: number;
  size?: number;
  user_id?: string;
  team_id?: string;
  key_alias?: string;
  return_full_object?: boolean;
}

/** The key routes the CLI calls (`bedrock-gw keys generate|list|info|revoke`). */
export interface KeyAdminClient {
  generate(fields?: GenerateKeyFields): Promise<GeneratedKeyResponse>;
  list(query?: KeyListQuery): Promise<KeyListResponse>;
  /** `key` is the key itself or its hash */
  info(key: string): Promise<KeyInfoResponse>;
  /** deletes the key (`POST /key/delete`); `key` is the key itself or its hash */
  revoke(key: string): Promise<DeleteKeysResponse>;
}

/** A call the gateway refused or could not answer; `message` is the gateway's own. */
export class KeyAdminError extends Error {
  override readonly name = "KeyAdminError";
  /** HTTP status, 0 when the gateway could not be reached */
  readonly status: number;
  /** the gateway's `x-amzn-ErrorType` (e.g. `ValidationException`) */
  readonly errorType?: string;
  readonly requestId?: string;

  constructor(message: string, details: { status: number; errorType?: string; requestId?: string; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    if (details.errorType !== undefined) this.errorType = details.errorType;
    if (details.requestId !== undefined) this.requestId = details.requestId;
  }
}

/**
 * A client of the gateway's key management routes, returning their parsed JSON answers and throwing a
 * `KeyAdminError` with the gateway's message when a call fails.
 *
 * @example
 * const keys = createKeyAdminClient({ baseUrl: "http://127.0.0.1:4000", masterKey: process.env.BEDROCK_GW_MASTER_KEY });
 * const { key } = await keys.generate({ models: ["claude"], max_budget: 10, budget_duration: "30d" });
 */
export function createKeyAdminClient(options: KeyAdminClientOptions): KeyAdminClient {
  const fetch = options.fetch ?? globalThis.fetch;
  const root = options.baseUrl.replace(/\/+$/, "");
  const call = async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.masterKey !== undefined) headers.authorization = `Bearer ${options.masterKey}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new KeyAdminError(`cannot reach the gateway at ${root}: ${reason}`, { status: 0, cause: error });
    }
    return await readAnswer<T>(response, `${method} ${path.split("?")[0] ?? path}`);
  };
  return {
    generate: (fields = {}) => call("POST", "/key/generate", fields),
    list: (query = {}) => call("GET", `/key/list${toQuery({ ...query })}`),
    info: (key) => call("GET", `/key/info${toQuery({ key })}`),
    revoke: (key) => call("POST", "/key/delete", { keys: [key] }),
  };
}

async function readAnswer<T>(response: Response, route: string): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok && body !== undefined) return body as T;
  const details = {
    status: response.status,
    ...readHeader(response, "x-amzn-errortype", "errorType"),
    ...readHeader(response, "x-amzn-requestid", "requestId"),
  };
  const message = readMessage(body) ?? `${route} answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  throw new KeyAdminError(message, details);
}

function readMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("message" in body)) return undefined;
  return typeof body.message === "string" ? body.message : undefined;
}

function readHeader<K extends string>(response: Response, header: string, field: K): Partial<Record<K, string>> {
  const value = response.headers.get(header);
  return value === null ? {} : ({ [field]: value } as Partial<Record<K, string>>);
}

function toQuery(query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
