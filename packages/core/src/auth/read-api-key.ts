import type { HeaderReader } from "../internal/header-reader.js";

/**
 * Finds the key a client presents. Key headers win over `Authorization`, so a client that can only sign
 * (its `Authorization` is SigV4) can still send a gateway key beside it. A SigV4 `Authorization` is never a key.
 */
const KEY_HEADERS = ["x-bedrock-gw-api-key", "x-litellm-api-key", "litellm_user_api_key"] as const;

/**
 * @example
 * readApiKey(new Headers({ authorization: "Bearer sk-123" })) // "sk-123"
 */
export function readApiKey(headers: HeaderReader): string | undefined {
  for (const name of KEY_HEADERS) {
    const value = headers.get(name);
    if (value) return stripBearer(value);
  }
  const authorization = headers.get("authorization");
  if (authorization && /^bearer\s+/i.test(authorization)) return stripBearer(authorization) || undefined;
  return undefined;
}

function stripBearer(value: string): string {
  return value.replace(/^bearer\s+/i, "").trim();
}
