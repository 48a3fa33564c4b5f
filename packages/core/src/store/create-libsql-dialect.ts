import type Database from "libsql";
import { SqliteDialect, SqliteDriver } from "kysely";
import type { Dialect, Driver, SqliteDatabase, SqliteDialectConfig } from "kysely";

/**
 * Kysely's own SQLite dialect over a libsql connection (its synchronous, better-sqlite3-like API), so the process
 * loads one SQLite engine: the `libsql` the spend inserter uses. Kysely runs every query on this one connection,
 * one at a time (a transaction holds it until it ends). `db.destroy()` closes the connection once a query has run.
 *
 * What differs from the bare dialect, as @libsql/client did it or better:
 * - transactions begin `IMMEDIATE`: the write lock up front, waiting out the busy timeout there, rather than
 *   failing at the first write;
 * - `begin`, `commit` and `rollback` run through `exec`, which finalises its statement even when it fails. A
 *   prepared statement that fails with SQLITE_BUSY stays unfinalised, and the connection can then never commit
 *   (it keeps its transaction and the write lock) until the garbage collector finalises it;
 * - parameters are converted to what SQLite binds (a boolean as 1/0, a `Date` as epoch ms) or refused
 *   (`undefined`, NaN, ±∞); libsql aborts the process on a boolean and stores `undefined` and NaN as NULL.
 *
 * @example
 * const db = new Kysely<StoreDatabase>({ dialect: createLibsqlDialect(new Database(":memory:")) });
 */
export function createLibsqlDialect(database: Database.Database): Dialect {
  return new LibsqlDialect(database);
}

class LibsqlDialect extends SqliteDialect {
  readonly #database: Database.Database;
  readonly #config: SqliteDialectConfig;

  constructor(database: Database.Database) {
    const config = { database: adaptDatabase(database) };
    super(config);
    this.#database = database;
    this.#config = config;
  }

  override createDriver(): Driver {
    return new LibsqlDriver(this.#config, this.#database);
  }
}

class LibsqlDriver extends SqliteDriver {
  readonly #database: Database.Database;

  constructor(config: SqliteDialectConfig, database: Database.Database) {
    super(config);
    this.#database = database;
  }

  override async beginTransaction(): Promise<void> {
    this.#database.exec("begin immediate");
  }

  override async commitTransaction(): Promise<void> {
    this.#database.exec("commit");
  }

  override async rollbackTransaction(): Promise<void> {
    this.#database.exec("rollback");
  }
}

function adaptDatabase(database: Database.Database): SqliteDatabase {
  return {
    close() {
      if (database.open) database.close();
    },
    prepare(sql) {
      const statement = database.prepare(sql);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(toSqlValues(parameters)),
        run: (parameters) => statement.run(toSqlValues(parameters)),
        iterate: (parameters) => statement.iterate(toSqlValues(parameters)),
      };
    },
  };
}

function toSqlValues(parameters: readonly unknown[]): unknown[] {
  return parameters.map(toSqlValue);
}

/** As @libsql/client's `valueToSql` (intMode "number"). */
function toSqlValue(value: unknown): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be passed to the database: only finite numbers can`);
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === undefined) throw new TypeError("undefined cannot be passed to the database");
  if (value instanceof Date) return value.valueOf();
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return value;
}
