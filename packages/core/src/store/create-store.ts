import { maskUrlPassword } from "../config/mask-secret.js";
import { createPostgresStore } from "./create-postgres-store.js";
import { createSqliteStore } from "./create-sqlite-store.js";
import type { GatewayStore } from "./gateway-store.js";

export interface StoreConfig {
  /** `general_settings.database_url`: postgres:// or postgresql:// selects PostgreSQL; a `file:` URL a SQLite file */
  databaseUrl?: string;
  /** `BEDROCK_GW_DATA_DIR`: where the embedded database lives when there is no URL (default `.bedrock-gw`) */
  dataDir?: string;
  /** told about errors of idle PostgreSQL connections */
  onPoolError?: (error: Error) => void;
}

/**
 * Picks the store for a config: PostgreSQL for a postgres URL, else the embedded SQLite file (in `dataDir`, or the
 * `file:` URL given). Any other URL is an error rather than a silent fallback. Call `migrate()` before use.
 *
 * @example
 * const store = createStore({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.BEDROCK_GW_DATA_DIR });
 * await store.migrate();
 */
export function createStore(config: StoreConfig): GatewayStore {
  const url = config.databaseUrl?.trim();
  if (!url) return createSqliteStore(config.dataDir === undefined ? {} : { dataDir: config.dataDir });
  if (/^postgres(?:ql)?:\/\//i.test(url)) {
    return createPostgresStore({ connectionString: url, ...(config.onPoolError ? { onPoolError: config.onPoolError } : {}) });
  }
  if (/^file:/i.test(url) || url === ":memory:") return createSqliteStore({ url });
  throw new Error(
    `database_url "${maskUrlPassword(url)}" is not supported: use a postgres:// (or postgresql://) URL for PostgreSQL, ` +
      "a file: URL for a SQLite file, or leave it out for the embedded database in the data directory",
  );
}
