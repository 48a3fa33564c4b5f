import { GatewayError } from "../errors/gateway-error.js";
import { computeBudgetWindow } from "./compute-budget-window.js";
import { generateKey, hashKey, previewKey, readKeyHash } from "./generate-key.js";
import { blockKeySchema, deleteKeysSchema, generateKeySchema, regenerateKeySchema, updateKeySchema } from "./key-request-schema.js";
import { readKeyInfoQuery, readKeyListQuery } from "./read-key-query.js";
import { readKeyRequest } from "./read-key-request.js";
import { resolveKeyPatch, resolveNewKey } from "./resolve-key-fields.js";
import { toKeyView } from "./to-key-view.js";
import type { DeleteKeysResponse, GeneratedKeyResponse, KeyInfoResponse, KeyListResponse, KeyView, UpdatedKeyResponse } from "./to-key-view.js";
import type { KeyPatch, KeyStore, VirtualKey } from "./virtual-key.js";

/** What the handlers share: the store, the clock, randomness, and the change notification. */
export interface KeyRouteContext {
  store: KeyStore;
  clock: () => number;
  randomBytes: (bytes: number) => Uint8Array;
  onKeyChanged(keyHash: string): void | Promise<void>;
}

const REGENERATE_PATH = /\/key\/([^/]+)\/regenerate\/?$/;
const DEFAULT_PAGE_SIZE = 100;

/** `POST /key/generate`: the new key is in the answer, this once. */
export async function handleGenerate(context: KeyRouteContext, request: Request): Promise<GeneratedKeyResponse> {
  const fields = await readKeyRequest(request, "/key/generate", generateKeySchema);
  const rawKey = fields.key ?? generateKey(context.randomBytes);
  const key = resolveNewKey(fields, { keyHash: hashKey(rawKey), keyPreview: previewKey(rawKey), now: new Date(context.clock()) });
  await context.store.createKey(key);
  await notifyChanged(context, key.keyHash);
  return { key: rawKey, token: key.keyHash, ...(await describeKey(context, key)) };
}

/** `GET /key/info?key=` */
export async function handleInfo(context: KeyRouteContext, request: Request): Promise<KeyInfoResponse> {
  const key = await findKey(context.store, readKeyInfoQuery(new URL(request.url).searchParams));
  return { key: key.keyHash, info: await describeKey(context, key) };
}

/** `GET /key/list`: hashes, or whole keys with `return_full_object=true` */
export async function handleList(context: KeyRouteContext, request: Request): Promise<KeyListResponse> {
  const { filter, fullObjects } = readKeyListQuery(new URL(request.url).searchParams);
  const { keys, total } = await context.store.listKeys(filter);
  const describeAll = () => Promise.all(keys.map(async (key) => ({ token: key.keyHash, ...(await describeKey(context, key)) })));
  return {
    keys: fullObjects ? await describeAll() : keys.map((key) => key.keyHash),
    total_count: total,
    current_page: filter.page ?? 1,
    total_pages: Math.ceil(total / (filter.size ?? DEFAULT_PAGE_SIZE)),
  };
}

/** `POST /key/update`: fields left out stay, `null` clears */
export async function handleUpdate(context: KeyRouteContext, request: Request): Promise<UpdatedKeyResponse> {
  const { key: reference, ...settings } = await readKeyRequest(request, "/key/update", updateKeySchema);
  const key = await findKey(context.store, reference);
  return await applyPatch(context, key.keyHash, resolveKeyPatch(settings, new Date(context.clock())));
}

/** `POST /key/block` and `/key/unblock` */
export async function handleSetBlocked(context: KeyRouteContext, request: Request, blocked: boolean): Promise<UpdatedKeyResponse> {
  const fields = await readKeyRequest(request, blocked ? "/key/block" : "/key/unblock", blockKeySchema);
  const key = await findKey(context.store, fields.key);
  return await applyPatch(context, key.keyHash, { blocked });
}

/** `POST /key/delete`: by keys (or hashes) and aliases; if any is unknown, nothing is deleted */
export async function handleDelete(context: KeyRouteContext, request: Request): Promise<DeleteKeysResponse> {
  const fields = await readKeyRequest(request, "/key/delete", deleteKeysSchema);
  const keyHashes = await resolveDeletions(context.store, fields.keys ?? [], fields.key_aliases ?? []);
  await context.store.deleteKeys(keyHashes);
  await notifyChanged(context, ...keyHashes);
  return { deleted_keys: keyHashes };
}

/**
 * `POST /key/regenerate` and `/key/{key}/regenerate`: a new key value for the same key (settings, spend), and the
 * old value stops working. Settings in the body change first, on the old hash, so a refused setting leaves the
 * old key working and unchanged.
 */
export async function handleRegenerate(context: KeyRouteContext, request: Request): Promise<GeneratedKeyResponse> {
  const { key: bodyKey, new_key: newKey, ...settings } = await readKeyRequest(request, "/key/regenerate", regenerateKeySchema);
  const old = await findKey(context.store, readRegenerateTarget(request, bodyKey));
  const rawKey = newKey ?? generateKey(context.randomBytes);
  if (hashKey(rawKey) === old.keyHash) throw new GatewayError("bad-request", "invalid /key/regenerate request: new_key: is the key's current value");
  const patch = resolveKeyPatch(settings, new Date(context.clock()));
  if (Object.keys(patch).length > 0 && !(await context.store.updateKey(old.keyHash, patch))) throw gone();
  const moved = await context.store.rehashKey(old.keyHash, hashKey(rawKey), previewKey(rawKey));
  if (!moved) throw gone();
  await notifyChanged(context, old.keyHash, moved.keyHash);
  return { key: rawKey, token: moved.keyHash, ...(await describeKey(context, moved)) };
}

async function describeKey(context: KeyRouteContext, key: VirtualKey): Promise<KeyView> {
  const window = computeBudgetWindow(key, new Date(context.clock()));
  return toKeyView(key, { spend: await context.store.sumSpend(key.keyHash, window.start), window });
}

async function findKey(store: KeyStore, reference: string): Promise<VirtualKey> {
  const key = await store.getKey(readKeyHash(reference));
  if (!key) throw new GatewayError("not-found", `no key matches ${describeReference(reference)}`);
  return key;
}

async function applyPatch(context: KeyRouteContext, keyHash: string, patch: KeyPatch): Promise<UpdatedKeyResponse> {
  const updated = await context.store.updateKey(keyHash, patch);
  if (!updated) throw gone();
  await notifyChanged(context, keyHash);
  return { key: keyHash, ...(await describeKey(context, updated)) };
}

async function notifyChanged(context: KeyRouteContext, ...keyHashes: string[]): Promise<void> {
  const results = await Promise.allSettled(keyHashes.map(async (keyHash) => await context.onKeyChanged(keyHash)));
  const failed = results.find((result) => result.status === "rejected");
  if (failed) {
    throw new GatewayError(
      "internal",
      "the key change was saved, but telling the other gateway instances failed: they may use their cached copy of the key until it expires",
      { cause: failed.reason },
    );
  }
}

function gone(): GatewayError {
  return new GatewayError("not-found", "the key was deleted or regenerated while this request ran");
}

async function resolveDeletions(store: KeyStore, keys: readonly string[], aliases: readonly string[]): Promise<string[]> {
  if (keys.length === 0 && aliases.length === 0) {
    throw new GatewayError("bad-request", 'invalid /key/delete request: name the keys to delete in "keys" (keys or their hashes) or "key_aliases"');
  }
  const missing: string[] = [];
  const hashes = new Set<string>();
  const found = await Promise.all([
    ...keys.map(async (reference) => [await store.getKey(readKeyHash(reference)), describeReference(reference)] as const),
    ...aliases.map(async (alias) => [await store.getKeyByAlias(alias), `key_alias ${JSON.stringify(alias)}`] as const),
  ]);
  for (const [key, named] of found) {
    if (key) hashes.add(key.keyHash);
    else missing.push(named);
  }
  if (missing.length > 0) throw new GatewayError("not-found", `nothing was deleted: no key matches ${missing.join(", ")}`);
  return [...hashes];
}

function readRegenerateTarget(request: Request, bodyKey: string | undefined): string {
  const match = REGENERATE_PATH.exec(new URL(request.url).pathname);
  const pathKey = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
  if (pathKey !== undefined && bodyKey !== undefined && readKeyHash(pathKey) !== readKeyHash(bodyKey)) {
    throw new GatewayError("bad-request", "invalid /key/regenerate request: the key in the path and the key in the body differ");
  }
  const reference = pathKey ?? bodyKey;
  if (reference === undefined) {
    throw new GatewayError("bad-request", 'invalid /key/regenerate request: name the key as {"key": ...} or in the path /key/{key}/regenerate');
  }
  return reference;
}

/** A key as named in a message: its hash, or its preview, never the key itself. */
function describeReference(reference: string): string {
  if (/^[0-9a-f]{64}$/i.test(reference)) return `the hash ${reference.toLowerCase()}`;
  return `the key ${previewKey(reference)}`;
}
