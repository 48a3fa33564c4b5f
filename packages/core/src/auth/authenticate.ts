import { hash, timingSafeEqual } from "node:crypto";
import { GatewayError } from "../errors/gateway-error.js";
import type { HeaderReader } from "../internal/header-reader.js";
import { isKeyExpired } from "../keys/compute-budget-window.js";
import type { VirtualKey } from "../keys/virtual-key.js";
import type { KeyCache } from "./key-cache.js";
import { readApiKey } from "./read-api-key.js";
import { keyName } from "../keys/virtual-key.js";
import { rememberBounded } from "../internal/remember-bounded.js";

/** valid keys whose digests are kept; past it the memo starts over */
const MAX_REMEMBERED_KEYS = 1000;
/** longer keys are not kept (the gateway's own are some 50 characters; a master key is the operator's choice) */
const MAX_REMEMBERED_KEY_LENGTH = 256;

interface KeyDigest {
  presented: Buffer;
  keyHash: string;
  /** already in the memo */
  kept: boolean;
}

/** Who is calling: the master key, a virtual key, or anyone (dev mode, no master key). */
export type Principal =
  | { kind: "master"; keyHash: string }
  | { kind: "virtual"; keyHash: string; key: VirtualKey }
  | { kind: "open"; keyHash?: string };

export interface Authenticator {
  /** resolves the caller, or throws a Bedrock-shaped 403 (missing/unknown key, blocked, expired) */
  authenticate(headers: HeaderReader): Promise<Principal>;
  /** true when the headers carry the master key ("open" in dev mode); management routes need it */
  isMasterKey(headers: HeaderReader): boolean | "open";
  readonly open: boolean;
}

export interface AuthenticatorOptions {
  masterKey?: string;
  keys?: KeyCache;
  clock?: () => number;
}

/**
 * Checks the presented key: the master key (compared in constant time, both sides hashed first so neither the
 * content nor the length leaks), else a virtual key by its hash through the key cache. Without a master key the
 * gateway runs open (dev mode): calls without a key are served, but a known virtual key is still enforced.
 *
 * @example
 * const auth = createAuthenticator({ masterKey: "sk-master", keys: keyCache });
 * const principal = await auth.authenticate(request.headers);
 */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const masterDigest = options.masterKey === undefined ? undefined : digest(options.masterKey);
  const clock = options.clock ?? Date.now;
  const isMaster = (presented: Buffer) => masterDigest !== undefined && timingSafeEqual(presented, masterDigest);
  // a key's digest and hex hash, kept per key that proved valid (the master key, a known virtual key): the same few
  // keys come on every call, and the first node:crypto call after the event loop wakes measured 6-7 µs of a 1 KB
  // call (0.8 µs when warm). Keys that fail, or are longer than any key this gateway issues, are never kept, so
  // strangers cannot fill the memory with their guesses.
  const digests = new Map<string, KeyDigest>();
  const digestOf = (key: string): KeyDigest => {
    const known = digests.get(key);
    if (known !== undefined) return known;
    const presented = digest(key);
    return { presented, keyHash: presented.toString("hex"), kept: false };
  };
  const remember = (key: string, known: KeyDigest): void => {
    if (known.kept || key.length > MAX_REMEMBERED_KEY_LENGTH) return;
    known.kept = true;
    rememberBounded(digests, key, known, MAX_REMEMBERED_KEYS);
  };

  return {
    open: masterDigest === undefined,
    isMasterKey(headers) {
      if (masterDigest === undefined) return "open";
      const key = readApiKey(headers);
      return key !== undefined && isMaster(digestOf(key).presented);
    },
    async authenticate(headers) {
      const key = readApiKey(headers);
      if (key === undefined) {
        if (masterDigest === undefined) return { kind: "open" };
        throw new GatewayError(
          "missing-key",
          "No gateway key was presented. Send it as 'Authorization: Bearer <key>' or 'x-bedrock-gw-api-key: <key>'.",
        );
      }
      const known = digestOf(key);
      const { keyHash } = known;
      if (isMaster(known.presented)) {
        remember(key, known);
        return { kind: "master", keyHash };
      }
      const record = await options.keys?.get(keyHash);
      if (record === undefined) {
        if (masterDigest === undefined) return { kind: "open", keyHash };
        throw new GatewayError("unknown-key", "The gateway key presented is not valid.");
      }
      remember(key, known);
      assertUsable(record, clock());
      return { kind: "virtual", keyHash, key: record };
    },
  };
}

function assertUsable(key: VirtualKey, now: number): void {
  const name = `Key ${keyName(key)}`;
  if (key.blocked) throw new GatewayError("access-denied", `${name} is blocked.`);
  if (isKeyExpired(key, new Date(now))) {
    throw new GatewayError("access-denied", `${name} expired at ${key.expiresAt!.toISOString()}.`);
  }
}

/** SHA-256 in one shot (no Hash object per call) */
function digest(value: string): Buffer {
  return hash("sha256", value, "buffer");
}
