import type { BudgetWindow } from "./compute-budget-window.js";
import type { VirtualKey } from "./virtual-key.js";

/** A key as the management routes show it: LiteLLM's field names (`LiteLLM_VerificationToken`), times as ISO text. */
export interface KeyView {
  /** `sk-...` and the last 4 characters */
  key_name: string;
  key_alias: string | null;
  /** USD spent in the current budget window (all time without `budget_duration`) */
  spend: number;
  max_budget: number | null;
  budget_duration: string | null;
  /** when the current budget window ends */
  budget_reset_at: string | null;
  models: string[];
  agent_resources: string[];
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  /** expiry time */
  expires: string | null;
  user_id: string | null;
  team_id: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  blocked: boolean;
  created_at: string;
  updated_at: string;
}

/** `POST /key/generate` and `/key/regenerate`: the key itself, shown this once, and its hash as `token`. */
export type GeneratedKeyResponse = { key: string; token: string } & KeyView;
/** `GET /key/info`: `key` is the hash. */
export interface KeyInfoResponse {
  key: string;
  info: KeyView;
}
/** `POST /key/update`, `/key/block`, `/key/unblock`: `key` is the hash. */
export type UpdatedKeyResponse = { key: string } & KeyView;
/** `GET /key/list`: hashes, or with `return_full_object=true` the keys with their hash as `token`. */
export interface KeyListResponse {
  keys: string[] | Array<{ token: string } & KeyView>;
  total_count: number;
  current_page: number;
  total_pages: number;
}
/** `POST /key/delete`: the hashes of the keys deleted. */
export interface DeleteKeysResponse {
  deleted_keys: string[];
}

/**
 * Shows a key with its spend in the current budget window.
 *
 * @example
 * toKeyView(key, { spend: 1.25, window: computeBudgetWindow(key, now) }).budget_reset_at // "2026-12-01T00:00:00.000Z"
 */
export function toKeyView(key: VirtualKey, usage: { spend: number; window: BudgetWindow }): KeyView {
  return {
    key_name: key.keyPreview,
    key_alias: key.keyAlias ?? null,
    spend: usage.spend,
    max_budget: key.maxBudget ?? null,
    budget_duration: key.budgetDuration ?? null,
    budget_reset_at: usage.window.end?.toISOString() ?? null,
    models: key.models,
    agent_resources: key.agentResources,
    rpm_limit: key.rpmLimit ?? null,
    tpm_limit: key.tpmLimit ?? null,
    max_parallel_requests: key.maxParallelRequests ?? null,
    expires: key.expiresAt?.toISOString() ?? null,
    user_id: key.userId ?? null,
    team_id: key.teamId ?? null,
    metadata: key.metadata,
    tags: key.tags,
    blocked: key.blocked,
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt.toISOString(),
  };
}
