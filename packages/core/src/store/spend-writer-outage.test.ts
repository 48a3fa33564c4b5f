import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPostgresStore } from "./create-postgres-store.js";
import { createTestSchemaName, dropTestSchema } from "./fixtures/postgres-schema.js";
import { makeSpendRecord } from "./fixtures/spend-records.js";
import { startTcpProxy } from "../fixtures/tcp-proxy.js";
import type { TcpProxy } from "../fixtures/tcp-proxy.js";
import { createSpendWriter } from "./spend-writer.js";
import type { SpendStore } from "./spend-store.js";

const DATABASE_URL = process.env.DATABASE_URL;
const skip = !DATABASE_URL;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)(skip ? "spend writer over a PostgreSQL outage (DATABASE_URL not set)" : "spend writer over a PostgreSQL outage", () => {
  let proxy: TcpProxy;
  let store: SpendStore;
  let schema: string;
  let dir: string;
  let direct: pg.Client;

  beforeEach(async () => {
    const target = new URL(DATABASE_URL ?? "");
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(target);
    proxied.hostname = "127.0.0.1";
    proxied.port = String(proxy.port);
    schema = createTestSchemaName();
    store = createPostgresStore({
      connectionString: proxied.href,
      schema,
      // named, so the test terminates only its own connections, never those of test files running beside it
      pool: { max: 4, connectionTimeoutMillis: 500, application_name: schema },
    });
    await store.migrate();
    dir = await mkdtemp(join(tmpdir(), "bgw-outage-"));
    direct = new pg.Client({ connectionString: DATABASE_URL });
    await direct.connect();
  });

  afterEach(async () => {
    await store.close();
    await proxy.close();
    await direct.end();
    await dropTestSchema(DATABASE_URL ?? "", schema);
    await rm(dir, { recursive: true, force: true });
  });

  const countRows = async () => {
    const result = await direct.query<{ total: string; distinct: string }>(
      `select count(*) as total, count(distinct request_id) as distinct from "${schema}".spend_logs`,
    );
    return { total: Number(result.rows[0]?.total), distinct: Number(result.rows[0]?.distinct) };
  };

  it("writes every row exactly once when the database goes away mid-run and comes back", async () => {
    const spillPath = join(dir, "spend-spill.jsonl");
    const warnings: string[] = [];
    const writer = createSpendWriter({
      store,
      spillPath,
      batchSize: 25,
      flushIntervalMs: 20,
      maxQueue: 150,
      retryInitialMs: 20,
      retryMaxMs: 100,
      logger: { warn: (_obj, msg) => void warnings.push(msg), error: (_obj, msg) => void warnings.push(msg) },
    });
    let next = 0;
    const enqueue = async (count: number) => {
      for (let i = 0; i < count; i++) {
        writer.enqueue(makeSpendRecord({ requestId: `outage-${next}`, startTime: new Date(Date.UTC(2026, 10, 21, 10, 0, 0, next)) }));
        next += 1;
        if (i % 20 === 19) await sleep(2);
      }
    };

    await enqueue(120);
    await proxy.stop(); // the server goes away: open connections drop, new ones are refused
    await enqueue(400); // more than maxQueue while down: the oldest spill to disk
    await sleep(300); // several failed attempts
    expect(writer.depth).toBeGreaterThan(0);
    await proxy.start();
    await enqueue(80);

    await vi.waitFor(async () => expect(await countRows()).toEqual({ total: 600, distinct: 600 }), { timeout: 8000, interval: 50 });
    expect(writer.spilled).toBeGreaterThan(0);
    expect(warnings.some((msg) => msg.includes("will retry"))).toBe(true);
    await vi.waitFor(() => expect(existsSync(spillPath) || existsSync(`${spillPath}.replaying`)).toBe(false), { timeout: 3000 });
    const ids = await direct.query<{ request_id: string }>(`select request_id from "${schema}".spend_logs`);
    expect(new Set(ids.rows.map((row) => row.request_id))).toEqual(new Set(Array.from({ length: 600 }, (_, i) => `outage-${i}`)));
    await writer.close();
    expect(writer.depth).toBe(0);
  }, 20_000);

  it("survives backends killed by the server (pg_terminate_backend) without losing a row", async () => {
    const writer = createSpendWriter({ store, spillPath: join(dir, "spill.jsonl"), batchSize: 10, flushIntervalMs: 10, retryInitialMs: 20, retryMaxMs: 100 });
    let terminated = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 40; i++) writer.enqueue(makeSpendRecord({ requestId: `kill-${round}-${i}` }));
      await sleep(15);
      const killed = await direct.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1", [schema]);
      terminated += killed.rowCount ?? 0;
    }
    await vi.waitFor(async () => expect(await countRows()).toEqual({ total: 200, distinct: 200 }), { timeout: 8000, interval: 50 });
    expect(terminated).toBeGreaterThan(0);
    await writer.close();
  }, 20_000);
});
