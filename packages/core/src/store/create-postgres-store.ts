import { Kysely, PostgresDialect, sql } from "kysely";
import type { Pool, PoolConfig, types as PgTypes } from "pg";
import { createKyselyKeyStore } from "./create-kysely-key-store.js";
import { createKyselySpendStore } from "./create-kysely-spend-store.js";
import type { GatewayStore } from "./gateway-store.js";
import type { StoreDatabase } from "./spend-table.js";

export interface PostgresStoreOptions {
  connectionString: string;
  /** schema of the tables, created if missing (default `public`) */
  schema?: string;
  /** pool settings passed to `pg.Pool` (default: max 10, connection timeout 5 s, idle timeout 30 s) */
  pool?: Omit<PoolConfig, "connectionString" | "types">;
  /** told when a pooled connection breaks (a restarted server); without it such errors are ignored, never fatal */
  onPoolError?: (error: Error) => void;
  clock?: () => number;
}

const POSTGRES_MAX_PARAMETERS = 65_535;
/** int8 (counts, epoch ms) and numeric (sums) as JS numbers: token and millisecond totals stay far below 2^53 */
const NUMBER_TYPE_OIDS = new Set([20, 1700]);

/**
 * The shared store: PostgreSQL through a `pg` pool. Migrations take a transaction-scoped advisory lock, so
 * instances starting together apply each migration once. `pg` is loaded with the first query (usually `migrate()`),
 * so a process on the embedded store never loads it.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): GatewayStore {
  const schema = options.schema ?? "public";
  // Kysely calls this once, on the first query; `destroy()` before any query neither loads pg nor opens a pool.
  const openPool = async (): Promise<Pool> => {
    const { default: pg } = await import("pg");
    const pool = new pg.Pool({
      max: 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      ...options.pool,
      connectionString: options.connectionString,
      types: { getTypeParser: (oid: number, format?: string) => readTypeParser(pg.types, oid, format) },
    });
    // A connection whose server went away emits "error": on the pool while idle, on the client while checked out
    // between queries. Unhandled, either would end the process; the failed query itself is reported to its caller.
    const report = (error: Error) => options.onPoolError?.(error);
    pool.on("error", report);
    pool.on("connect", (client) => client.on("error", report));
    return pool;
  };
  const root = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool: openPool }) });
  const db = root.withSchema(schema);
  const spendStore = createKyselySpendStore({
    db,
    maxParameters: POSTGRES_MAX_PARAMETERS,
    lockMigrations: async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`bedrock-gw:migrations:${schema}`}))`.execute(trx);
      await trx.schema.createSchema(schema).ifNotExists().execute();
    },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ...spendStore, ...createKyselyKeyStore({ db, ...(options.clock ? { clock: options.clock } : {}) }) };
}

function readTypeParser(types: typeof PgTypes, oid: number, format?: string): (value: string) => unknown {
  if (NUMBER_TYPE_OIDS.has(oid) && format !== "binary") return Number;
  return types.getTypeParser(oid, format === "binary" ? "binary" : "text") as (value: string) => unknown;
}
