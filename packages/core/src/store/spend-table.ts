import type { VirtualKeysTable } from "./key-table.js";

/**
 * The tables as Kysely sees them. Both dialects store the same shapes: times as epoch milliseconds (BIGINT), flags
 * as 0/1 integers, tags and guardrail units as JSON text, so one query builder serves SQLite and PostgreSQL.
 */
export interface SpendLogsTable {
  request_id: string;
  start_time: number;
  end_time: number;
  time_to_first_byte_ms: number | null;
  upstream_latency_ms: number | null;
  gateway_overhead_ms: number | null;
  key_hash: string | null;
  key_alias: string | null;
  user_id: string | null;
  team_id: string | null;
  end_user: string | null;
  session_id: string | null;
  /** JSON array of strings */
  tags: string;
  route_kind: string;
  operation: string;
  model_group: string | null;
  deployment_id: string | null;
  region: string | null;
  model_id: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_write_input_tokens: number;
  total_tokens: number;
  /** JSON object (policy → units), or null */
  guardrail_units: string | null;
  cost: number | null;
  unpriced: number;
  unpriced_reason: string | null;
  usage_source: string;
  status: number;
  error_type: string | null;
  streamed: number;
  partial: number;
  attempts: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  /** epoch milliseconds */
  applied_at: number;
}

export interface StoreDatabase {
  spend_logs: SpendLogsTable;
  schema_migrations: SchemaMigrationsTable;
  virtual_keys: VirtualKeysTable;
}
