import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@bedrock-gw/simulator";
import { startSimulator } from "@bedrock-gw/simulator";
import { MASTER_KEY, createE2eConfig } from "./support/fixtures.js";
import { startGatewayProcess, writeConfig } from "./support/gateway-process.js";
import type { GatewayProcess } from "./support/gateway-process.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import type { TcpProxy } from "./support/tcp-proxy.js";

const DATABASE_URL = process.env.DATABASE_URL;

describe.skipIf(!DATABASE_URL)("spend logs survive a PostgreSQL outage (DATABASE_URL)", () => {
  const database = `bgw_outage_${randomBytes(4).toString("hex")}`;
  let admin: pg.Client;
  let proxy: TcpProxy;
  let simulator: Simulator & { url: string };
  let gateway: GatewayProcess;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const target = new URL(DATABASE_URL!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432), "postgres");
    simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
    const databaseUrl = proxy.url(`/${database}`).replace("postgres://", `postgres://${target.username || "postgres"}@`);
    gateway = await startGatewayProcess(["--config", writeConfig(createE2eConfig(simulator.url, `  database_url: ${databaseUrl}`))]);
  });

  afterAll(async () => {
    await gateway?.stop();
    await simulator?.close();
    await proxy?.start().catch(() => undefined);
    await proxy?.stop();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  const converse = (text: string) =>
    fetch(`${gateway.url}/bedrock/model/claude/converse`, {
      method: "POST",
      headers: { authorization: `Bearer ${MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ messages: [{ role: "user", content: [{ text }] }] }),
    }).then((r) => {
      expect(r.status).toBe(200);
      return r.headers.get("x-bedrock-gw-request-id")!;
    });

  async function countRows(ids: string[]): Promise<number> {
    const client = new pg.Client({ connectionString: DATABASE_URL!.replace(/\/[^/]*$/, `/${database}`) });
    await client.connect();
    try {
      const result = await client.query("SELECT count(*)::int AS n FROM spend_logs WHERE request_id = ANY($1)", [ids]);
      return result.rows[0].n as number;
    } finally {
      await client.end();
    }
  }

  it("rows made while the database is unreachable are written once it is back, none lost, none twice", async () => {
    const before = await Promise.all(Array.from({ length: 5 }, (_, i) => converse(`before ${i}`)));
    await expect.poll(() => countRows(before), { timeout: 5000 }).toBe(5);

    await proxy.stop();
    const during: string[] = [];
    for (let i = 0; i < 20; i++) during.push(await converse(`during ${i}`));
    const ready = await fetch(`${gateway.url}/health/readiness`).then((r) => r.json());
    expect(ready.database).toBe("unreachable");
    expect(ready.spendQueue).toBeGreaterThan(0);

    await proxy.start();
    const all = [...before, ...during];
    await expect.poll(() => countRows(all), { timeout: 20_000, interval: 250 }).toBe(all.length);
    const after = await fetch(`${gateway.url}/health/readiness`).then((r) => r.json());
    expect(after.database).toBe("ok");
  }, 40_000);

  it("rows still queued at shutdown are spilled to a file and written by the next start", async () => {
    await proxy.stop();
    const pending: string[] = [];
    for (let i = 0; i < 3; i++) pending.push(await converse(`at shutdown ${i}`));
    expect(await gateway.stop("SIGTERM")).toBe(0);
    await proxy.start();
    expect(await countRows(pending)).toBe(0);

    const target = new URL(DATABASE_URL!);
    const databaseUrl = proxy.url(`/${database}`).replace("postgres://", `postgres://${target.username || "postgres"}@`);
    gateway = await startGatewayProcess(
      ["--config", writeConfig(createE2eConfig(simulator.url, `  database_url: ${databaseUrl}`))],
      { BEDROCK_GW_DATA_DIR: gateway.dataDir },
    );
    await expect.poll(() => countRows(pending), { timeout: 10_000, interval: 250 }).toBe(3);
  }, 40_000);
});
