import type { HeaderReader } from "../internal/header-reader.js";

/** What a client says about itself in the gateway's request headers (never forwarded upstream). */
export interface ClientContext {
  endUser?: string;
  sessionId?: string;
  tags: string[];
}

// ours first, then LiteLLM's equivalents, so LiteLLM clients keep working unchanged
const END_USER_HEADERS = ["x-bedrock-gw-end-user", "x-litellm-end-user-id", "x-litellm-end-user"];
const SESSION_HEADERS = ["x-bedrock-gw-session-id", "x-litellm-session-id"];
const TAG_HEADERS = ["x-bedrock-gw-tags", "x-litellm-tags"];
const MAX_VALUE_LENGTH = 256;
const MAX_TAGS = 32;

/**
 * Reads end user, session id and tags (comma-separated) from request headers, trimmed and bounded.
 *
 * @example
 * readClientContext(new Headers({ "x-bedrock-gw-tags": "prod, team-a" })) // { tags: ["prod", "team-a"] }
 */
export function readClientContext(headers: HeaderReader): ClientContext {
  const endUser = readFirst(headers, END_USER_HEADERS);
  const sessionId = readFirst(headers, SESSION_HEADERS);
  const rawTags = readFirst(headers, TAG_HEADERS);
  const tags = rawTags
    ? [...new Set(rawTags.split(",").map((tag) => tag.trim().slice(0, MAX_VALUE_LENGTH)).filter(Boolean))].slice(0, MAX_TAGS)
    : [];
  return { ...(endUser ? { endUser } : {}), ...(sessionId ? { sessionId } : {}), tags };
}

function readFirst(headers: HeaderReader, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name)?.trim();
    if (value) return value.slice(0, MAX_VALUE_LENGTH);
  }
  return undefined;
}
