import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, sql } from "kysely";
import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import { createLibsqlDialect } from "./create-libsql-dialect.js";

interface TestDatabase {
  t: { id: number; flag: number; at: number | null; body: string | null; data: ArrayBuffer | null };
}

describe("createLibsqlDialect", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const open = async (database = new Database(":memory:")) => {
    const db = new Kysely<TestDatabase>({ dialect: createLibsqlDialect(database) });
    cleanups.push(() => db.destroy());
    await sql`create table if not exists t (id integer primary key, flag integer not null, at integer, body text, data blob)`.execute(db);
    return { db, database };
  };

  it("returns integers and reals as numbers, text as strings, blobs as ArrayBuffers, NULL as null", async () => {
    const { db } = await open();
    const { rows } = await sql<Record<string, unknown>>`select 1 as i, 2 * 4102444800000 as big, 0.25 as r, 'x' as s, null as n, x'0102' as b`.execute(db);
    expect(rows).toEqual([{ i: 1, big: 8_204_889_600_000, r: 0.25, s: "x", n: null, b: new Uint8Array([1, 2]).buffer }]);
    expect(typeof rows[0]?.big).toBe("number");
  });

  it("binds booleans as 1/0, dates as epoch ms and ArrayBuffers as blobs, as @libsql/client did", async () => {
    const { db } = await open();
    const at = new Date(1_700_000_000_123);
    await db
      .insertInto("t")
      .values({ id: 1, flag: true as unknown as number, at: at as unknown as number, body: "{\"a\":[1]}", data: new Uint8Array([7]).buffer })
      .execute();
    await db.insertInto("t").values({ id: 2, flag: false as unknown as number, at: null, body: null, data: null }).execute();
    expect(await db.selectFrom("t").selectAll().orderBy("id").execute()).toEqual([
      { id: 1, flag: 1, at: 1_700_000_000_123, body: "{\"a\":[1]}", data: new Uint8Array([7]).buffer },
      { id: 2, flag: 0, at: null, body: null, data: null },
    ]);
    expect(await db.selectFrom("t").select("id").where("flag", "=", true as unknown as number).execute()).toEqual([{ id: 1 }]);
  });

  it("refuses undefined, NaN and infinities rather than storing NULL", async () => {
    const { db } = await open();
    await expect(sql`select ${undefined} as v`.execute(db)).rejects.toThrow(TypeError);
    await expect(sql`select ${Number.NaN} as v`.execute(db)).rejects.toThrow(RangeError);
    await expect(sql`select ${Number.POSITIVE_INFINITY} as v`.execute(db)).rejects.toThrow(RangeError);
  });

  it("reports affected rows and insert ids", async () => {
    const { db } = await open();
    const inserted = await db.insertInto("t").values({ id: 5, flag: 0, at: null, body: null, data: null }).executeTakeFirst();
    expect(inserted.insertId).toBe(5n);
    expect(inserted.numInsertedOrUpdatedRows).toBe(1n);
    const updated = await db.updateTable("t").set({ flag: 1 }).where("id", ">", 0).executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(1n);
  });

  it("commits a transaction, rolls back a failed one, and serialises queries while one is open", async () => {
    const { db } = await open();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ id: 1, flag: 0, at: null, body: null, data: null }).execute();
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto("t").values({ id: 2, flag: 0, at: null, body: null, data: null }).execute();
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const order: string[] = [];
    const transaction = db.transaction().execute(async (trx) => {
      order.push("begin");
      await new Promise((done) => setTimeout(done, 20));
      await trx.insertInto("t").values({ id: 3, flag: 0, at: null, body: null, data: null }).execute();
      order.push("commit");
    });
    await new Promise((done) => setTimeout(done, 5));
    const outside = db.selectFrom("t").select("id").orderBy("id").execute();
    const [, rows] = await Promise.all([transaction, outside.then((result) => (order.push("outside"), result))]);
    expect(order).toEqual(["begin", "commit", "outside"]);
    expect(rows).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it("begins transactions IMMEDIATE, and a begin that found the file locked leaves the connection usable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bgw-dialect-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "t.db");
    await open(new Database(path));
    const { db } = await open(new Database(path, { timeout: 0 }));
    const holder = new Database(path, { timeout: 0 });
    cleanups.push(async () => {
      holder.close();
    });
    holder.exec("begin immediate");
    let ran = false;
    // a deferred transaction would run the callback and fail only at its first write
    await expect(
      db.transaction().execute(async () => {
        ran = true;
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    expect(ran).toBe(false);
    holder.exec("rollback");
    await db.transaction().execute(async (trx) => {
      await trx.insertInto("t").values({ id: 1, flag: 0, at: null, body: null, data: null }).execute();
    });
    // committed, and the lock released
    holder.exec("begin immediate");
    expect(holder.prepare("select id from t").all([])).toEqual([{ id: 1 }]);
    holder.exec("rollback");
  });

  it("closes the database on destroy", async () => {
    const database = new Database(":memory:");
    const db = new Kysely<TestDatabase>({ dialect: createLibsqlDialect(database) });
    await sql`select 1`.execute(db);
    await db.destroy();
    expect(database.open).toBe(false);
  });
});
