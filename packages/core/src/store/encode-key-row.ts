import type { KeyPatch, VirtualKey } from "../keys/virtual-key.js";
import type { VirtualKeysTable } from "./key-table.js";

type KeyRowUpdate = Partial<VirtualKeysTable>;
type PatchField = Exclude<keyof KeyPatch, "updatedAt">;

/**
 * Turns a key into a `virtual_keys` row (a new key: no earlier hashes).
 *
 * @example
 * encodeKeyRow(key).models // '["claude"]'
 */
export function encodeKeyRow(key: VirtualKey): VirtualKeysTable {
  return {
    key_hash: key.keyHash,
    key_preview: key.keyPreview,
    key_alias: key.keyAlias ?? null,
    models: JSON.stringify(key.models),
    agent_resources: JSON.stringify(key.agentResources),
    max_budget: key.maxBudget ?? null,
    budget_duration: key.budgetDuration ?? null,
    budget_started_at: key.budgetStartedAt?.getTime() ?? null,
    rpm_limit: key.rpmLimit ?? null,
    tpm_limit: key.tpmLimit ?? null,
    max_parallel_requests: key.maxParallelRequests ?? null,
    expires_at: key.expiresAt?.getTime() ?? null,
    user_id: key.userId ?? null,
    team_id: key.teamId ?? null,
    metadata: JSON.stringify(key.metadata),
    tags: JSON.stringify(key.tags),
    blocked: key.blocked ? 1 : 0,
    previous_key_hashes: "[]",
    created_at: key.createdAt.getTime(),
    updated_at: key.updatedAt.getTime(),
  };
}

/**
 * Turns a `virtual_keys` row back into a key; absent optional fields stay absent.
 *
 * @example
 * decodeKeyRow(encodeKeyRow(key)) // equal to key
 */
export function decodeKeyRow(row: VirtualKeysTable): VirtualKey {
  const key: VirtualKey = {
    keyHash: row.key_hash,
    keyPreview: row.key_preview,
    models: readJson<string[]>(row.models, []),
    agentResources: readJson<string[]>(row.agent_resources, []),
    metadata: readJson<Record<string, unknown>>(row.metadata, {}),
    tags: readJson<string[]>(row.tags, []),
    blocked: Number(row.blocked) === 1,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
  const texts = { keyAlias: row.key_alias, budgetDuration: row.budget_duration, userId: row.user_id, teamId: row.team_id };
  for (const [field, value] of Object.entries(texts)) if (value !== null) Object.assign(key, { [field]: value });
  const numbers = { maxBudget: row.max_budget, rpmLimit: row.rpm_limit, tpmLimit: row.tpm_limit, maxParallelRequests: row.max_parallel_requests };
  for (const [field, value] of Object.entries(numbers)) if (value !== null) Object.assign(key, { [field]: Number(value) });
  const dates = { budgetStartedAt: row.budget_started_at, expiresAt: row.expires_at };
  for (const [field, value] of Object.entries(dates)) if (value !== null) Object.assign(key, { [field]: new Date(Number(value)) });
  return key;
}

/** The earlier hashes of a key, from its row. */
export function decodePreviousHashes(row: Pick<VirtualKeysTable, "previous_key_hashes">): string[] {
  return readJson<string[]>(row.previous_key_hashes, []);
}

/** Patch field → its column(s); `null` clears (lists and metadata to empty, the flag to false). */
const PATCH_COLUMNS: { [K in PatchField]-?: (value: Exclude<KeyPatch[K], undefined>) => KeyRowUpdate } = {
  keyAlias: (value) => ({ key_alias: value }),
  models: (value) => ({ models: JSON.stringify(value ?? []) }),
  agentResources: (value) => ({ agent_resources: JSON.stringify(value ?? []) }),
  maxBudget: (value) => ({ max_budget: value }),
  budgetDuration: (value) => ({ budget_duration: value }),
  budgetStartedAt: (value) => ({ budget_started_at: value?.getTime() ?? null }),
  rpmLimit: (value) => ({ rpm_limit: value }),
  tpmLimit: (value) => ({ tpm_limit: value }),
  maxParallelRequests: (value) => ({ max_parallel_requests: value }),
  expiresAt: (value) => ({ expires_at: value?.getTime() ?? null }),
  userId: (value) => ({ user_id: value }),
  teamId: (value) => ({ team_id: value }),
  metadata: (value) => ({ metadata: JSON.stringify(value ?? {}) }),
  tags: (value) => ({ tags: JSON.stringify(value ?? []) }),
  blocked: (value) => ({ blocked: value === true ? 1 : 0 }),
};

/**
 * The column changes of a patch: fields left undefined are not touched, `updated_at` is always set.
 *
 * @example
 * encodeKeyPatch({ maxBudget: null, tags: ["a"] }, 1_700_000_000_000) // { max_budget: null, tags: '["a"]', updated_at: 1700000000000 }
 */
export function encodeKeyPatch(patch: KeyPatch, now: number): KeyRowUpdate {
  const update: KeyRowUpdate = {};
  for (const field of Object.keys(PATCH_COLUMNS) as PatchField[]) {
    const value = patch[field];
    if (value === undefined) continue;
    const encode = PATCH_COLUMNS[field] as (value: unknown) => KeyRowUpdate;
    Object.assign(update, encode(value));
  }
  update.updated_at = patch.updatedAt?.getTime() ?? now;
  return update;
}

function readJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
