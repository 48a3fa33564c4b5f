import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStore } from "./create-store.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";

describe("createStore", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bgw-create-store-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the embedded file in the data directory without a database URL", async () => {
    for (const databaseUrl of [undefined, "", "  "]) {
      const store = createStore({ databaseUrl, dataDir: join(dir, "data") });
      await store.migrate();
      await store.close();
    }
    expect(existsSync(join(dir, "data", "bedrock-gw.db"))).toBe(true);
  });

  it("uses a SQLite file given as a file: URL", async () => {
    const file = join(dir, "custom.db");
    const store = createStore({ databaseUrl: pathToFileURL(file).href, dataDir: join(dir, "unused") });
    await store.migrate();
    await store.insertSpend([makeSpendRecord({ requestId: "r" })]);
    await store.close();
    expect(existsSync(file)).toBe(true);
    expect(existsSync(join(dir, "unused"))).toBe(false);
  });

  it("refuses a URL it cannot serve, naming it without its password", () => {
    expect(() => createStore({ databaseUrl: "mysql://root:hunter2@db:3306/gw" })).toThrow(/mysql:\/\/root:\*+@db:3306\/gw.*postgres:\/\//s);
    expect(() => createStore({ databaseUrl: "mysql://root:hunter2@db:3306/gw" })).not.toThrow(/hunter2/);
  });

  it.each(["postgres://u:p@127.0.0.1:1/db", "postgresql://u:p@127.0.0.1:1/db", "POSTGRES://u@127.0.0.1:1/db"])(
    "picks PostgreSQL for %s (connecting lazily)",
    async (databaseUrl) => {
      const store = createStore({ databaseUrl, dataDir: join(dir, "unused") });
      await expect(store.ping()).rejects.toThrow(/ECONNREFUSED|connect/);
      await store.close();
      expect(existsSync(join(dir, "unused"))).toBe(false);
    },
  );
});
