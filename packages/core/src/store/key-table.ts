/**
 * The `virtual_keys` table as Kysely sees it. Same layout in both dialects, as `spend_logs`: times as epoch
 * milliseconds (BIGINT), the flag as a 0/1 integer, lists and metadata as JSON text.
 */
export interface VirtualKeysTable {
  /** SHA-256 hex of the key */
  key_hash: string;
  key_preview: string;
  /** unique where set */
  key_alias: string | null;
  /** JSON array of strings */
  models: string;
  /** JSON array of strings */
  agent_resources: string;
  max_budget: number | null;
  budget_duration: string | null;
  budget_started_at: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_parallel_requests: number | null;
  expires_at: number | null;
  user_id: string | null;
  team_id: string | null;
  /** JSON object */
  metadata: string;
  /** JSON array of strings */
  tags: string;
  blocked: number;
  /** JSON array of the hashes this key had before it was regenerated: their spend still counts for its budget */
  previous_key_hashes: string;
  created_at: number;
  updated_at: number;
}
