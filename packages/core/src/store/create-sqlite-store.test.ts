import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative as relativePath, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore, SQLITE_FILE_NAME } from "./create-sqlite-store.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import { describeSpendStore } from "./spend-store.test-suite.js";

describeSpendStore("SQLite store (temp file)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bgw-sqlite-"));
  const store = createSqliteStore({ dataDir: dir });
  return {
    store,
    openPeer: () => createSqliteStore({ url: pathToFileURL(join(dir, SQLITE_FILE_NAME)).href }),
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe("createSqliteStore", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("creates the data directory and bedrock-gw.db in it", async () => {
    const root = await mkdtemp(join(tmpdir(), "bgw-sqlite-"));
    dirs.push(root);
    const dataDir = join(root, "nested", "data dir");
    const store = createSqliteStore({ dataDir });
    await store.migrate();
    await store.insertSpend([makeSpendRecord({ requestId: "r1" })]);
    await store.close();
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    const reopened = createSqliteStore({ dataDir });
    await reopened.migrate();
    expect((await reopened.querySpend({})).rows.map((row) => row.requestId)).toEqual(["r1"]);
    await reopened.close();
  });

  it("opens the same file by data directory and by every form of its URL", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "bgw-sqlite-"));
    dirs.push(dataDir);
    const path = join(dataDir, SQLITE_FILE_NAME);
    const byDir = createSqliteStore({ dataDir });
    await byDir.migrate();
    await byDir.insertSpend([makeSpendRecord({ requestId: "by-dir" })]);
    const relative = relativePath(process.cwd(), path).split(sep).map(encodeURIComponent).join("/");
    const urls = [pathToFileURL(path).href, `file:${pathToFileURL(path).pathname}`, `file://localhost${pathToFileURL(path).pathname}`, `file:${relative}`];
    for (const [index, url] of urls.entries()) {
      const byUrl = createSqliteStore({ url });
      await byUrl.migrate();
      await byUrl.insertSpend([makeSpendRecord({ requestId: `by-url-${index}` })]);
      expect((await byUrl.querySpend({})).rows).toHaveLength(index + 2);
      await byUrl.close();
    }
    expect((await byDir.querySpend({})).rows.map((row) => row.requestId).sort()).toEqual(["by-dir", "by-url-0", "by-url-1", "by-url-2", "by-url-3"]);
    await byDir.close();
    expect(readdirSync(dataDir).filter((name) => name.endsWith(".db"))).toEqual([SQLITE_FILE_NAME]);
  });

  it("refuses a URL it cannot honour when created, before opening anything", () => {
    expect(() => createSqliteStore({ url: "file:/tmp/bgw-never.db?mode=ro" })).toThrow(/mode="ro" is not supported/);
    expect(() => createSqliteStore({ url: "libsql://gw.turso.io" })).toThrow(/use a file: URL/);
    expect(existsSync("/tmp/bgw-never.db")).toBe(false);
  });

  it("keeps a private in-memory database per store, and shares one named with cache=shared", async () => {
    const stores = [":memory:", "file::memory:", "file:gw?mode=memory"].map((url) => createSqliteStore({ url }));
    const shared = [0, 1].map(() => createSqliteStore({ url: "file:bgw-shared-test?mode=memory&cache=shared" }));
    for (const store of [...stores, ...shared]) await store.migrate();
    await stores[0]!.insertSpend([makeSpendRecord({ requestId: "private" })]);
    await shared[0]!.insertSpend([makeSpendRecord({ requestId: "shared" })]);
    expect(await Promise.all(stores.map(async (store) => (await store.querySpend({})).rows.length))).toEqual([1, 0, 0]);
    expect((await shared[1]!.querySpend({})).rows.map((row) => row.requestId)).toEqual(["shared"]);
    for (const store of [...stores, ...shared]) await store.close();
  });

  it("runs in memory for tests", async () => {
    const store = createSqliteStore({ url: ":memory:" });
    await store.migrate();
    await store.migrate();
    await store.insertSpend([makeSpendRecord({ requestId: "m1" })]);
    expect((await store.querySpend({ requestId: "m1" })).rows).toHaveLength(1);
    await store.close();
  });
});
