import { createHash } from "node:crypto";
import type { SharedState } from "../counters/shared-state.js";
import { readCachePrefix } from "./read-cache-prefix.js";

export interface AffinityInput {
  /** the model group: a session keeps one deployment per group */
  group: string;
  /** `x-bedrock-gw-session-id` */
  sessionId?: string;
  /** the caller's key hash, so equal session ids or prompts of different keys do not share an entry */
  keyHash?: string;
  /** the request body, exactly as received */
  body?: Uint8Array;
  /** the operation, e.g. `ConverseStream` */
  operation: string;
}

const MARKERS = ["cachePoint", "cache_control"];

const sha256 = (parts: readonly string[]): string => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url");
};

/**
 * The key that keeps related calls on one deployment, so Bedrock's prompt cache (per region and account) is hit:
 * the session id when given; else the key hash plus a hash of the prompt's cached prefix (up to the last
 * `cachePoint` / `cache_control`). `undefined` when neither applies, so calls without caching balance normally.
 * The body is parsed only when it contains one of those two words.
 *
 * @example
 * computeAffinityKey({ group: "claude", sessionId: "chat-42", operation: "Converse" }) // "claude:s:…"
 * computeAffinityKey({ group: "claude", operation: "Converse", body: bytesWithoutCachePoint }) // undefined
 */
export function computeAffinityKey(input: AffinityInput): string | undefined {
  const owner = input.keyHash ?? "";
  const group = encodeURIComponent(input.group);
  if (input.sessionId !== undefined && input.sessionId !== "") return `${group}:s:${sha256([owner, input.sessionId])}`;
  const body = input.body;
  if (body === undefined) return undefined;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!MARKERS.some((marker) => bytes.includes(marker))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  const prefix = readCachePrefix(input.operation, parsed);
  if (prefix === undefined) return undefined;
  return `${group}:p:${sha256([owner, prefix.format, JSON.stringify(prefix.blocks)])}`;
}

export interface AffinityTable {
  /** the deployment id remembered for the key, if it is still fresh */
  lookup(affinityKey: string): Promise<string | undefined>;
  /** remembers (or refreshes) the deployment that served the key, for `ttlMs` */
  remember(affinityKey: string, deploymentId: string): Promise<void>;
  /** drops the entry (e.g. its deployment is cooling down or left the config) */
  forget(affinityKey: string): Promise<void>;
}

/**
 * Affinity entries in shared state (`aff:{key}`), so every gateway instance sends a session to the same
 * deployment. Remember after each successful call, so an active session's entry keeps living.
 *
 * @example
 * const affinity = createAffinityTable({ state, ttlMs: 300_000 }); // Bedrock's prompt cache lives 5 minutes
 * const preferred = key === undefined ? undefined : await affinity.lookup(key);
 */
export function createAffinityTable(deps: { state: SharedState; ttlMs: number }): AffinityTable {
  const { state, ttlMs } = deps;
  const entryKey = (affinityKey: string) => `aff:${affinityKey}`;
  return {
    async lookup(affinityKey) {
      const [value] = await state.getValues([entryKey(affinityKey)]);
      return value === undefined || value === "" ? undefined : value;
    },
    remember: (affinityKey, deploymentId) => state.setValue(entryKey(affinityKey), deploymentId, ttlMs),
    // SharedState has no delete: an empty value reads as "none" and expires at once
    forget: (affinityKey) => state.setValue(entryKey(affinityKey), "", 1),
  };
}
