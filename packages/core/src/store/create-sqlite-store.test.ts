import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("runs in memory for tests", async () => {
    const store = createSqliteStore({ url: ":memory:" });
    await store.migrate();
    await store.migrate();
    await store.insertSpend([makeSpendRecord({ requestId: "m1" })]);
    expect((await store.querySpend({ requestId: "m1" })).rows).toHaveLength(1);
    await store.close();
  });
});
