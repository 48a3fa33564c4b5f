import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely } from "kysely";
import Database from "libsql";
import { describe, expect, it } from "vitest";
import { makeVirtualKey } from "../keys/fixtures/virtual-keys.js";
import { createKyselyKeyStore } from "./create-kysely-key-store.js";
import { createKyselySpendStore } from "./create-kysely-spend-store.js";
import { createLibsqlDialect } from "./create-libsql-dialect.js";
import { createPostgresStore } from "./create-postgres-store.js";
import { createSqliteStore } from "./create-sqlite-store.js";
import { createTestSchemaName, dropTestSchema } from "./fixtures/postgres-schema.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import { describeKeyStore, KEY_SUITE_NOW } from "./key-store.test-suite.js";
import { runMigrations } from "./run-migrations.js";
import type { StoreDatabase } from "./spend-table.js";
import { STORE_MIGRATIONS } from "./store-migrations.js";

const clock = () => KEY_SUITE_NOW;

describeKeyStore("SQLite key store (temp file)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bgw-keys-"));
  const store = createSqliteStore({ dataDir: dir, clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describeKeyStore("SQLite key store (in memory)", async () => {
  const store = createSqliteStore({ url: ":memory:", clock });
  return { store, cleanup: () => store.close() };
});

const DATABASE_URL = process.env.DATABASE_URL;
const skip = !DATABASE_URL;

describeKeyStore(
  skip ? "PostgreSQL key store suite (DATABASE_URL not set)" : "PostgreSQL key store suite",
  async () => {
    const connectionString = DATABASE_URL ?? "";
    const schema = createTestSchemaName();
    const store = createPostgresStore({ connectionString, schema, clock });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropTestSchema(connectionString, schema);
      },
    };
  },
  { skip },
);

describe("migration 2 on a database that has spend rows already", () => {
  it("adds virtual_keys next to the existing rows, which then count for the keys", async () => {
    const db = new Kysely<StoreDatabase>({ dialect: createLibsqlDialect(new Database(":memory:")) });
    try {
      const migrate = (migrations: typeof STORE_MIGRATIONS) => runMigrations(db, { migrations, lock: async () => {}, clock });
      expect(await migrate(STORE_MIGRATIONS.slice(0, 1))).toEqual([1]);
      const spend = createKyselySpendStore({ db, maxParameters: 32_766, lockMigrations: async () => {} });
      const key = makeVirtualKey("before-keys");
      await spend.insertSpend([makeSpendRecord({ requestId: "r1", keyHash: key.keyHash, cost: 0.5 })]);
      expect(await migrate(STORE_MIGRATIONS)).toEqual([2]);
      expect(await migrate(STORE_MIGRATIONS)).toEqual([]);
      const keys = createKyselyKeyStore({ db, clock });
      await keys.createKey(key);
      expect(await keys.getKey(key.keyHash)).toEqual(key);
      expect(await keys.sumSpend(key.keyHash)).toBe(0.5);
      expect((await spend.querySpend({})).rows.map((row) => row.requestId)).toEqual(["r1"]);
    } finally {
      await db.destroy();
    }
  });
});
