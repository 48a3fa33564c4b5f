import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createClient } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import type { LibsqlDialectConfig } from "@libsql/kysely-libsql";
import { Kysely, sql } from "kysely";
import { createKyselyKeyStore } from "./create-kysely-key-store.js";
import { createKyselySpendStore } from "./create-kysely-spend-store.js";
import { createSqliteSpendInserter } from "./create-sqlite-spend-inserter.js";
import type { GatewayStore } from "./gateway-store.js";
import type { StoreDatabase } from "./spend-table.js";

export interface SqliteStoreOptions {
  /** a libsql URL (`file:/abs/path.db`, `:memory:`); wins over `dataDir` */
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
const IN_MEMORY = /(^|:):memory:|[?&]mode=memory/;

/**
 * The embedded store: a SQLite file (libsql) in the data directory. Migrations run in one `BEGIN IMMEDIATE`
 * transaction, so instances sharing the file apply each migration once.
 *
 * @example
 * const store = createSqliteStore({ dataDir: process.env.BEDROCK_GW_DATA_DIR });
 * await store.migrate();
 */
export function createSqliteStore(options: SqliteStoreOptions = {}): GatewayStore {
  const url = options.url ?? resolveFileUrl(options.dataDir ?? DEFAULT_DATA_DIR);
  const clock = options.clock ?? Date.now;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const { db, close } = openDatabase(url, busyTimeoutMs);
  const spendStore = createKyselySpendStore({
    db,
    maxParameters: SQLITE_MAX_PARAMETERS,
    lockMigrations: async () => {},
    runMigration: (migrate) =>
      IN_MEMORY.test(url) ? migrate(db) : migrateWithRetries(url, migrate, clock() + (options.migrationWaitMs ?? 30_000), clock),
    onClose: close,
    clock,
  });
  const path = readFilePath(url);
  if (path === undefined) return { ...spendStore, ...createKyselyKeyStore({ db, clock }) };
  const inserter = createSqliteSpendInserter({ path, busyTimeoutMs });
  return {
    ...spendStore,
    ...createKyselyKeyStore({ db, clock }),
    // the spend writer's hot path: prepared once, no query builder (an in-memory database stays on the client,
    // whose single connection is the only way into it)
    async insertSpend(records) {
      inserter.insert(records);
    },
    async close() {
      inserter.close();
      await spendStore.close();
    },
  };
}

/** The file a `file:` URL with an absolute path and no parameters names, else undefined (the client handles it). */
function readFilePath(url: string): string | undefined {
  if (IN_MEMORY.test(url) || !url.startsWith("file:/")) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.search !== "" || parsed.hash !== "" || (parsed.host !== "" && parsed.host !== "localhost")) return undefined;
    return fileURLToPath(parsed);
  } catch {
    return undefined;
  }
}

function openDatabase(url: string, busyTimeoutMs: number): { db: Kysely<StoreDatabase>; close: () => void } {
  // Our own client: the dialect package pins an older @libsql/client without the busy timeout or connection pool.
  // The dialect only calls execute/transaction on it, which both versions share; their types differ in sync().
  const client = createClient({ url, timeout: busyTimeoutMs });
  const dialectClient = client as unknown as Extract<LibsqlDialectConfig, { client: unknown }>["client"];
  return { db: new Kysely<StoreDatabase>({ dialect: new LibsqlDialect({ client: dialectClient }) }), close: () => client.close() };
}

/**
 * libsql waits for a lock synchronously, freezing the event loop, and an instance in the same process can then
 * never release it. So migrations use a connection that fails at once when the file is locked, and wait here.
 * Each attempt opens a fresh client: libsql leaves a statement that failed with SQLITE_BUSY unfinalised, and its
 * connection cannot commit until the garbage collector finalises it.
 */
async function migrateWithRetries(
  url: string,
  migrate: (db: Kysely<StoreDatabase>) => Promise<void>,
  deadline: number,
  clock: () => number,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { db, close } = openDatabase(url, 0);
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

function resolveFileUrl(dataDir: string): string {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  return pathToFileURL(join(dir, SQLITE_FILE_NAME)).href;
}
