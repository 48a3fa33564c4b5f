import type { Kysely, Transaction } from "kysely";
import { encodeSpendRow, SPEND_COLUMN_COUNT } from "./encode-spend-row.js";
import { querySpendPage } from "./query-spend-page.js";
import { readDailyReport } from "./read-daily-report.js";
import { runMigrations } from "./run-migrations.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendStore } from "./spend-store.js";
import type { StoreDatabase } from "./spend-table.js";
import { STORE_MIGRATIONS } from "./store-migrations.js";
import type { StoreMigration } from "./store-migrations.js";

export interface KyselySpendStoreOptions {
  /** already scoped to its schema (`withSchema`) where the dialect has schemas */
  db: Kysely<StoreDatabase>;
  /** bind parameters one statement may carry (SQLite 32766, PostgreSQL 65535); inserts are chunked under it */
  maxParameters: number;
  /** see {@link RunMigrationsOptions.lock} */
  lockMigrations(trx: Transaction<StoreDatabase>): Promise<void>;
  /**
   * Runs `migrate` (the migration transaction) on a database of its choice; SQLite uses a connection of its own
   * that retries while another instance holds the lock. Default: `migrate(db)`.
   */
  runMigration?(migrate: (target: Kysely<StoreDatabase>) => Promise<void>): Promise<void>;
  /** after the Kysely instance is destroyed (clients the dialect does not own) */
  onClose?(): void;
  migrations?: readonly StoreMigration[];
  clock?: () => number;
}

/**
 * A `SpendStore` over any Kysely database with the `spend_logs` schema: the part SQLite and PostgreSQL share.
 *
 * @example
 * const store = createKyselySpendStore({ db, maxParameters: 32_766, lockMigrations: async () => {} });
 * await store.migrate();
 */
export function createKyselySpendStore(options: KyselySpendStoreOptions): SpendStore {
  const { db } = options;
  const rowsPerStatement = Math.max(1, Math.floor(options.maxParameters / SPEND_COLUMN_COUNT));
  return {
    async migrate() {
      const migrate = async (target: Kysely<StoreDatabase>) => {
        await runMigrations(target, {
          migrations: options.migrations ?? STORE_MIGRATIONS,
          lock: options.lockMigrations,
          clock: options.clock ?? Date.now,
        });
      };
      await (options.runMigration ? options.runMigration(migrate) : migrate(db));
    },
    async insertSpend(records: readonly SpendRecord[]) {
      for (let start = 0; start < records.length; start += rowsPerStatement) {
        const rows = records.slice(start, start + rowsPerStatement).map(encodeSpendRow);
        await db
          .insertInto("spend_logs")
          .values(rows)
          .onConflict((oc) => oc.column("request_id").doNothing())
          .execute();
      }
    },
    querySpend: (filter) => querySpendPage(db, filter),
    dailyReport: (reportOptions) => readDailyReport(db, reportOptions),
    async ping() {
      await db.selectNoFrom((eb) => eb.lit(1).as("ok")).execute();
    },
    async close() {
      await db.destroy();
      options.onClose?.();
    },
  };
}
