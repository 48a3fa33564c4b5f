import type { Kysely } from "kysely";
import type { StoreDatabase } from "./spend-table.js";

/** One schema change. Versions only grow; a released migration is never edited, a later one amends it. */
export interface StoreMigration {
  version: number;
  name: string;
  /** runs inside the migration transaction; the same DDL serves SQLite and PostgreSQL */
  up(db: Kysely<StoreDatabase>): Promise<void>;
}

/** Filters of `querySpend` → the index that serves each, newest first within it. */
const SPEND_INDEXES: ReadonlyArray<readonly [name: string, columns: readonly string[]]> = [
  ["spend_logs_start_time_idx", ["start_time", "request_id"]],
  ["spend_logs_key_hash_idx", ["key_hash", "start_time"]],
  ["spend_logs_end_user_idx", ["end_user", "start_time"]],
  ["spend_logs_model_group_idx", ["model_group", "start_time"]],
  ["spend_logs_model_id_idx", ["model_id", "start_time"]],
  ["spend_logs_user_id_idx", ["user_id", "start_time"]],
];

async function createSpendLogs(db: Kysely<StoreDatabase>): Promise<void> {
  await db.schema
    .createTable("spend_logs")
    .addColumn("request_id", "text", (c) => c.primaryKey())
    .addColumn("start_time", "bigint", (c) => c.notNull())
    .addColumn("end_time", "bigint", (c) => c.notNull())
    .addColumn("time_to_first_byte_ms", "double precision")
    .addColumn("upstream_latency_ms", "double precision")
    .addColumn("gateway_overhead_ms", "double precision")
    .addColumn("key_hash", "text")
    .addColumn("key_alias", "text")
    .addColumn("user_id", "text")
    .addColumn("team_id", "text")
    .addColumn("end_user", "text")
    .addColumn("session_id", "text")
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("route_kind", "text", (c) => c.notNull())
    .addColumn("operation", "text", (c) => c.notNull())
    .addColumn("model_group", "text")
    .addColumn("deployment_id", "text")
    .addColumn("region", "text")
    .addColumn("model_id", "text")
    .addColumn("input_tokens", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("output_tokens", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("cache_read_input_tokens", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("cache_write_input_tokens", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("total_tokens", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("guardrail_units", "text")
    .addColumn("cost", "double precision")
    .addColumn("unpriced", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unpriced_reason", "text")
    .addColumn("usage_source", "text", (c) => c.notNull())
    .addColumn("status", "integer", (c) => c.notNull())
    .addColumn("error_type", "text")
    .addColumn("streamed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("partial", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  for (const [name, columns] of SPEND_INDEXES) {
    await db.schema.createIndex(name).on("spend_logs").columns([...columns]).execute();
  }
}

/** `virtual_keys` filters of `listKeys` → their index; `key_alias` has the index of its unique constraint. */
const KEY_INDEXES: ReadonlyArray<readonly [name: string, columns: readonly string[]]> = [
  ["virtual_keys_user_id_idx", ["user_id", "created_at"]],
  ["virtual_keys_team_id_idx", ["team_id", "created_at"]],
  ["virtual_keys_created_at_idx", ["created_at"]],
];

async function createVirtualKeys(db: Kysely<StoreDatabase>): Promise<void> {
  await db.schema
    .createTable("virtual_keys")
    .addColumn("key_hash", "text", (c) => c.primaryKey())
    .addColumn("key_preview", "text", (c) => c.notNull())
    .addColumn("key_alias", "text", (c) => c.unique())
    .addColumn("models", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("agent_resources", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("max_budget", "double precision")
    .addColumn("budget_duration", "text")
    .addColumn("budget_started_at", "bigint")
    .addColumn("rpm_limit", "bigint")
    .addColumn("tpm_limit", "bigint")
    .addColumn("max_parallel_requests", "bigint")
    .addColumn("expires_at", "bigint")
    .addColumn("user_id", "text")
    .addColumn("team_id", "text")
    .addColumn("metadata", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("tags", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("blocked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("previous_key_hashes", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  for (const [name, columns] of KEY_INDEXES) {
    await db.schema.createIndex(name).on("virtual_keys").columns([...columns]).execute();
  }
}

/**
 * Every migration, in order. Keys and budgets arrive as later versions appended here.
 *
 * @example
 * STORE_MIGRATIONS.at(-1)?.version // the schema version a fresh database ends at
 */
export const STORE_MIGRATIONS: readonly StoreMigration[] = [
  { version: 1, name: "create spend_logs", up: createSpendLogs },
  { version: 2, name: "create virtual_keys", up: createVirtualKeys },
];
