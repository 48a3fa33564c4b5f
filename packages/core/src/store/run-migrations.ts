import type { Kysely, Transaction } from "kysely";
import type { StoreDatabase } from "./spend-table.js";
import type { StoreMigration } from "./store-migrations.js";

export interface RunMigrationsOptions {
  migrations: readonly StoreMigration[];
  /**
   * Called first inside the migration transaction; holds other instances off until it commits (PostgreSQL: an
   * advisory transaction lock; SQLite: the transaction itself is `BEGIN IMMEDIATE`, so this may do nothing).
   */
  lock(trx: Transaction<StoreDatabase>): Promise<void>;
  clock: () => number;
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, all in one transaction, so a failed migration
 * leaves no trace and two instances starting together apply each migration once. Returns the versions applied.
 *
 * @example
 * await runMigrations(db, { migrations: STORE_MIGRATIONS, lock: async () => {}, clock: Date.now }) // [1] on a fresh database
 */
export async function runMigrations(db: Kysely<StoreDatabase>, options: RunMigrationsOptions): Promise<number[]> {
  return await db.transaction().execute(async (trx) => {
    await options.lock(trx);
    await trx.schema
      .createTable("schema_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "bigint", (c) => c.notNull())
      .execute();
    const rows = await trx.selectFrom("schema_migrations").select("version").execute();
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of [...options.migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await migration.up(trx);
      await trx
        .insertInto("schema_migrations")
        .values({ version: migration.version, name: migration.name, applied_at: options.clock() })
        .execute();
      done.push(migration.version);
    }
    return done;
  });
}
