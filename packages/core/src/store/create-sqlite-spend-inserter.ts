import Database from "libsql";
import { encodeSpendRow } from "./encode-spend-row.js";
import type { SpendRecord } from "./spend-record.js";
import type { SpendLogsTable } from "./spend-table.js";

export interface SqliteSpendInserter {
  /** inserts the rows in one transaction, skipping request ids already stored; synchronous, throws on failure */
  insert(records: readonly SpendRecord[]): void;
  /** closes the connection; later inserts throw */
  close(): void;
}

export interface SqliteSpendInserterOptions {
  /** path of the database file (already migrated when rows arrive) */
  path: string;
  /** how long a write waits for another connection's lock (ms) */
  busyTimeoutMs: number;
}

/** Every `spend_logs` column, in the order of the statement's parameters (the type keeps it complete). */
const COLUMNS_BY_NAME: Record<keyof SpendLogsTable, true> = {
  request_id: true,
  start_time: true,
  end_time: true,
  time_to_first_byte_ms: true,
  upstream_latency_ms: true,
  gateway_overhead_ms: true,
  key_hash: true,
  key_alias: true,
  user_id: true,
  team_id: true,
  end_user: true,
  session_id: true,
  tags: true,
  route_kind: true,
  operation: true,
  model_group: true,
  deployment_id: true,
  region: true,
  model_id: true,
  input_tokens: true,
  output_tokens: true,
  cache_read_input_tokens: true,
  cache_write_input_tokens: true,
  total_tokens: true,
  guardrail_units: true,
  cost: true,
  unpriced: true,
  unpriced_reason: true,
  usage_source: true,
  status: true,
  error_type: true,
  streamed: true,
  partial: true,
  attempts: true,
};
export const SPEND_COLUMNS = Object.keys(COLUMNS_BY_NAME) as ReadonlyArray<keyof SpendLogsTable>;

/**
 * Rows per prepared statement, largest first: a batch is cut into as many of the largest as fit, then the next, so
 * a batch of any size runs on at most these few cached statements (200 rows: 3 × 64 + 1 × 8).
 */
const CHUNK_SIZES = [64, 8, 1] as const;

/** The multi-row insert of `rows` rows; the same statement as the Kysely one (`on conflict do nothing`). */
export function spendInsertSql(rows: number): string {
  const row = `(${SPEND_COLUMNS.map(() => "?").join(", ")})`;
  return `insert into "spend_logs" (${SPEND_COLUMNS.map((column) => `"${column}"`).join(", ")}) values ${Array.from({ length: rows }, () => row).join(", ")} on conflict ("request_id") do nothing`;
}

interface Connection {
  db: Database.Database;
  /** by rows per statement, as in CHUNK_SIZES */
  inserts: Database.Statement[];
  begin: Database.Statement;
  commit: Database.Statement;
}

/**
 * The spend writer's hot path on SQLite: a connection of its own (libsql's synchronous API) with the inserts
 * prepared once and reused, one transaction per batch. The query builder, a statement compiled and prepared per
 * batch, and the client's per-call work cost more than the insert itself. A failed batch is rolled back whole and
 * its connection discarded (a statement that failed, e.g. with SQLITE_BUSY, can keep a connection from committing);
 * the next batch opens a fresh one.
 *
 * @example
 * const inserter = createSqliteSpendInserter({ path: "/data/bedrock-gw.db", busyTimeoutMs: 5000 });
 * inserter.insert(records);
 */
export function createSqliteSpendInserter(options: SqliteSpendInserterOptions): SqliteSpendInserter {
  let connection: Connection | undefined;
  let closed = false;

  const open = (): Connection => {
    const db = new Database(options.path, { timeout: options.busyTimeoutMs });
    try {
      return {
        db,
        inserts: CHUNK_SIZES.map((rows) => db.prepare(spendInsertSql(rows))),
        begin: db.prepare("begin immediate"),
        commit: db.prepare("commit"),
      };
    } catch (error) {
      closeQuietly(db);
      throw error;
    }
  };

  return {
    insert(records) {
      if (closed) throw new Error("the spend store is closed");
      if (records.length === 0) return;
      const current = (connection ??= open());
      // one statement needs no transaction of its own
      const transaction = !CHUNK_SIZES.includes(records.length as (typeof CHUNK_SIZES)[number]);
      try {
        if (transaction) current.begin.run();
        let start = 0;
        for (const [index, rows] of CHUNK_SIZES.entries()) {
          const statement = current.inserts[index]!;
          for (; records.length - start >= rows; start += rows) statement.run(encodeRows(records, start, rows));
        }
        if (transaction) current.commit.run();
      } catch (error) {
        connection = undefined;
        discard(current.db);
        throw error;
      }
    },
    close() {
      closed = true;
      if (connection) closeQuietly(connection.db);
      connection = undefined;
    },
  };
}

/** The statement's parameters for `rows` records from `start`: each row's columns in SPEND_COLUMNS order. */
function encodeRows(records: readonly SpendRecord[], start: number, rows: number): unknown[] {
  const values: unknown[] = new Array(rows * SPEND_COLUMNS.length);
  let at = 0;
  for (let i = start; i < start + rows; i++) {
    const row = encodeSpendRow(records[i]!);
    for (const column of SPEND_COLUMNS) values[at++] = row[column];
  }
  return values;
}

/**
 * Rolls back what the failed batch wrote, then closes the connection. Closing alone is not enough: libsql keeps a
 * connection whose statement failed open (with its transaction and the write lock) until that statement is
 * garbage-collected.
 */
function discard(db: Database.Database): void {
  try {
    if (db.inTransaction) db.exec("rollback");
  } catch {
    // the connection is unusable; closing it is all that is left
  }
  closeQuietly(db);
}

function closeQuietly(db: Database.Database): void {
  try {
    db.close();
  } catch {
    // already closed or unusable: nothing left to release
  }
}
