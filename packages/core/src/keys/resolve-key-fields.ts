import type { KeySettings } from "./key-request-schema.js";
import { addDuration, parseDuration } from "./parse-duration.js";
import type { KeyPatch, VirtualKey } from "./virtual-key.js";

/** LiteLLM's model list value meaning "every model": the same as an empty allowlist. */
const ALL_MODELS = "all-proxy-models";

/** Request fields copied as they are → the key field they set. */
const DIRECT_FIELDS = [
  ["agent_resources", "agentResources"],
  ["max_budget", "maxBudget"],
  ["rpm_limit", "rpmLimit"],
  ["tpm_limit", "tpmLimit"],
  ["max_parallel_requests", "maxParallelRequests"],
  ["key_alias", "keyAlias"],
  ["user_id", "userId"],
  ["team_id", "teamId"],
  ["metadata", "metadata"],
  ["tags", "tags"],
  ["blocked", "blocked"],
] as const satisfies ReadonlyArray<readonly [keyof KeySettings, keyof KeyPatch]>;

/**
 * The key changes a request asks for (update, regenerate): fields left out stay, `null` clears. A new
 * `budget_duration` starts a new budget window now; `duration` sets the expiry to now plus that duration.
 *
 * @example
 * resolveKeyPatch({ budget_duration: "30d", max_budget: null }, now) // { budgetDuration: "30d", budgetStartedAt: now, maxBudget: null }
 */
export function resolveKeyPatch(fields: KeySettings, now: Date): KeyPatch {
  const patch: KeyPatch = {};
  for (const [field, target] of DIRECT_FIELDS) {
    const value = fields[field];
    if (value !== undefined) Object.assign(patch, { [target]: value });
  }
  if (fields.models !== undefined) patch.models = fields.models === null ? null : normalizeModels(fields.models);
  if (fields.budget_duration !== undefined) {
    patch.budgetDuration = fields.budget_duration;
    patch.budgetStartedAt = fields.budget_duration === null ? null : now;
  }
  if (fields.duration !== undefined) {
    patch.expiresAt = fields.duration === null ? null : addDuration(now, parseDuration(fields.duration));
  }
  return patch;
}

/**
 * A new key from a generate request: the settings given (`null` = not set), the hash and preview of `rawKey`.
 *
 * @example
 * resolveNewKey({ models: ["claude"], duration: "30d" }, { keyHash, keyPreview, now }).expiresAt // now + 30 days
 */
export function resolveNewKey(fields: KeySettings, identity: { keyHash: string; keyPreview: string; now: Date }): VirtualKey {
  const key: VirtualKey = {
    keyHash: identity.keyHash,
    keyPreview: identity.keyPreview,
    models: [],
    agentResources: [],
    metadata: {},
    tags: [],
    blocked: false,
    createdAt: identity.now,
    updatedAt: identity.now,
  };
  for (const [field, value] of Object.entries(resolveKeyPatch(fields, identity.now))) {
    if (value !== null && value !== undefined) Object.assign(key, { [field]: value });
  }
  return key;
}

function normalizeModels(models: readonly string[]): string[] {
  return models.includes(ALL_MODELS) ? [] : [...new Set(models)];
}
