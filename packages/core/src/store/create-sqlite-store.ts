import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Kysely, sql } from "kysely";
import Database from "libsql";
import { createKyselyKeyStore } from "./create-kysely-key-store.js";
import { createKyselySpendStore } from "./create-kysely-spend-store.js";
import { createLibsqlDialect } from "./create-libsql-dialect.js";
import { createThreadedSpendInserter } from "./create-threaded-spend-inserter.js";
import type { GatewayStore } from "./gateway-store.js";
import { readSqliteUrl } from "./read-sqlite-url.js";
import type { SqliteTarget } from "./read-sqlite-url.js";
import type { StoreDatabase } from "./spend-table.js";

export interface SqliteStoreOptions {
  /**
   * `file:/abs/path.db`, `file:///abs/path.db`, `file:relative.db`, `file::memory:` or `:memory:` (see
   * {@link readSqliteUrl}); wins over `dataDir`
   */
  url?: string;
  /** directory of `bedrock-gw.db`, created if missing; default `.bedrock-gw` under the working directory */
  dataDir?: string;
  /** how long a write waits for another process's lock on the file (ms, default 5000) */
  busyTimeoutMs?: number;
  /** how long `migrate()` keeps retrying while another instance migrates (ms, default 30 000) */
  migrationWaitMs?: number;
  clock?: () => number;
}

export const DEFAULT_DATA_DIR = ".bedrock-gw";
export const SQLITE_FILE_NAME = "bedrock-gw.db";
const SQLITE_MAX_PARAMETERS = 32_766;

/**
 * The embedded store: a SQLite file (libsql) in the data directory. Migrations run in one `BEGIN IMMEDIATE`
 * transaction, so instances sharing the file apply each migration once.
 *
 * @example
 * const store = createSqliteStore({ dataDir: process.env.BEDROCK_GW_DATA_DIR });
 * await store.migrate();
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): GatewayStore {
  const target: SqliteTarget =
    options.url === undefined ? { kind: "file", path: resolveDataFile(options.dataDir ?? DEFAULT_DATA_DIR) } : readSqliteUrl(options.url);
  const clock = options.clock ?? Date.now;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const { db, close } = openDatabase(target.kind === "file" ? target.path : target.filename, busyTimeoutMs);
  const spendStore = createKyselySpendStore({
    db,
    maxParameters: SQLITE_MAX_PARAMETERS,
    lockMigrations: async () => {},
    runMigration: (migrate) =>
      target.kind === "memory" ? migrate(db) : migrateWithRetries(target.path, migrate, clock() + (options.migrationWaitMs ?? 30_000), clock),
    onClose: close,
    clock,
  });
  if (target.kind === "memory") return { ...spendStore, ...createKyselyKeyStore({ db, clock }) };
  const inserter = createThreadedSpendInserter({ path: target.path, busyTimeoutMs });
  return {
    ...spendStore,
    ...createKyselyKeyStore({ db, clock }),
    // the spend writer's hot path: on a thread of its own, prepared once, no query builder (an in-memory database
    // stays on the Kysely connection, the only way into it)
    insertSpend: (records) => inserter.insert(records),
    async close() {
      await inserter.close();
      await spendStore.close();
    },
  };
}

/**
 * Kysely over a libsql connection to `filename` (a path, or an in-memory name). `close` closes the connection
 * after `db.destroy()`, which closes it only if a query ever ran.
 */
function openDatabase(filename: string, busyTimeoutMs: number): { db: Kysely<StoreDatabase>; close: () => void } {
  const database = new Database(filename, { timeout: busyTimeoutMs });
  return {
    db: new Kysely<StoreDatabase>({ dialect: createLibsqlDialect(database) }),
    close: () => {
      if (database.open) database.close();
    },
  };
}

/**
 * libsql waits for a lock synchronously, freezing the event loop, and an instance in the same process can then
 * never release it. So migrations use a connection that fails at once when the file is locked, and wait here.
 * Each attempt opens a fresh connection (and closes it): libsql leaves a statement that failed with SQLITE_BUSY
 * unfinalised, and its connection cannot commit until the garbage collector finalises it.
 */
async function migrateWithRetries(
  path: string,
  migrate: (db: Kysely<StoreDatabase>) => Promise<void>,
  deadline: number,
  clock: () => number,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { db, close } = openDatabase(path, 0);
    try {
      // WAL lets readers (the /spend routes) run beside the writer; it is a property of the file, set once.
      await sql`pragma journal_mode = wal`.execute(db);
      await migrate(db);
      return;
    } catch (error) {
      if (!isBusy(error) || clock() >= deadline) throw error;
    } finally {
      await db.destroy();
      close();
    }
    await new Promise((done) => setTimeout(done, Math.min(200, 10 * 2 ** attempt)));
  }
}

function isBusy(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ("code" in cause && typeof cause.code === "string" && cause.code.startsWith("SQLITE_BUSY")) return true;
  }
  return false;
}

/** `bedrock-gw.db` in the data directory, which is created if missing. */
function resolveDataFile(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return join(dir, SQLITE_FILE_NAME);
}
