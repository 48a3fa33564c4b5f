import { createHash } from "node:crypto";

/** 32 random bytes: 43 url-safe characters after `sk-`, 256 bits that no guessing reaches. */
const KEY_BYTES = 32;
const KEY_HASH = /^[0-9a-f]{64}$/i;

/**
 * A new virtual key: `sk-` and 43 base64url characters from `random` (inject `crypto.randomBytes`).
 *
 * @example
 * generateKey(randomBytes) // "sk-q3J0...", 46 characters
 */
export function generateKey(random: (bytes: number) => Uint8Array): string {
  const bytes = random(KEY_BYTES);
  if (bytes.length < KEY_BYTES) throw new Error(`the random source gave ${bytes.length} bytes, not the ${KEY_BYTES} a key needs`);
  return `sk-${Buffer.from(bytes.subarray(0, KEY_BYTES)).toString("base64url")}`;
}

/**
 * SHA-256 hex of a key: what the store keeps, and what spend rows carry as `key_hash`.
 *
 * @example
 * hashKey("sk-1234") // "1c3b..." (64 hex characters)
 */
export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/**
 * The form a key is shown in once it has been handed out: `sk-...` and its last 4 characters.
 *
 * @example
 * previewKey("sk-q3J0abcdWXYZ") // "sk-...WXYZ"
 */
export function previewKey(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/**
 * The hash of a key given in a management request, which may name the key itself or (as LiteLLM allows) its hash:
 * 64 hex characters are taken as the hash, anything else is hashed.
 *
 * @example
 * readKeyHash("sk-1234") === readKeyHash(hashKey("sk-1234")) // true
 */
export function readKeyHash(keyOrHash: string): string {
  return KEY_HASH.test(keyOrHash) ? keyOrHash.toLowerCase() : hashKey(keyOrHash);
}
