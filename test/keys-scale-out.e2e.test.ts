import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@bedrock-gw/simulator";
import { startSimulator } from "@bedrock-gw/simulator";
import { SONNET4_PRICES, computeBudgetBound, estimateReservation } from "./support/budget-bound.js";
import { NO_RETRIES, createE2eConfig } from "./support/fixtures.js";
import type { FreshDatabase } from "./support/fresh-database.js";
import { createFreshDatabase } from "./support/fresh-database.js";
import { startGatewayProcess, writeConfig } from "./support/gateway-process.js";
import type { GatewayProcess } from "./support/gateway-process.js";
import type { GatewayAnswer } from "./support/keys.js";
import { callBedrock, converseBody, countStatuses, expectGatewayError, generateKey, manageKeys, measureConverse, sleep } from "./support/keys.js";
import { fetchSpendLogs } from "./support/spend.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import type { TcpProxy } from "./support/tcp-proxy.js";

const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL;
const MINUTE = 60_000;

describe.skipIf(!DATABASE_URL || !REDIS_URL)("two gateway instances on one PostgreSQL and one Redis (DATABASE_URL, REDIS_URL)", () => {
  let database: FreshDatabase;
  let simulator: Simulator & { url: string };
  let redisProxy: TcpProxy;
  // A talks to Redis directly, B through a proxy the outage test cuts
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    database = await createFreshDatabase(DATABASE_URL!, "bgw_keys");
    simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
    const redis = new URL(REDIS_URL!);
    // a Redis database of its own, so counters of other suites sharing this server never meet these
    const db = randomInt(1, 16);
    redisProxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379), "redis");
    const start = (redisUrl: string) =>
      startGatewayProcess([
        "--config",
        writeConfig(createE2eConfig(simulator.url, `  database_url: ${database.url}`, `${NO_RETRIES}\n  redis_url: ${redisUrl}`)),
      ]);
    const direct = new URL(REDIS_URL!);
    direct.pathname = `/${db}`;
    [a, b] = await Promise.all([start(direct.toString()), start(redisProxy.url(`/${db}`))]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await simulator?.close();
    await redisProxy?.start().catch(() => undefined);
    await redisProxy?.stop();
    await database?.drop();
  });

  const converse = (gateway: GatewayProcess, key: string, body: Record<string, unknown> = converseBody("scale out")) =>
    callBedrock(gateway.url, key, "/model/claude/converse", body);
  /** the gateway of call number i: A, B, A, B, ... */
  const spread = (i: number) => (i % 2 === 0 ? a : b);

  /** Calls `probe` every 50 ms until `done` says so; the ms it took from `since`. */
  async function timeUntil(since: number, probe: () => Promise<GatewayAnswer>, done: (answer: GatewayAnswer) => boolean): Promise<number> {
    for (;;) {
      const answer = await probe();
      if (done(answer)) return Date.now() - since;
      if (Date.now() - since > 3000) throw new Error(`not seen within 3 s; last answer ${answer.status} ${JSON.stringify(answer.json)}`);
      await sleep(50);
    }
  }

  it("a key made on A works on B; revoking it on A (block, regenerate, delete) reaches B within 1 s", async () => {
    const created = await generateKey(a.url, { key_alias: `e2e-revoke-${Date.now()}` });
    expect((await converse(a, created.key)).status).toBe(200);
    expect((await converse(b, created.key)).status).toBe(200); // B now holds a cached copy

    let since = Date.now();
    expect((await manageKeys(a.url, "POST", "/key/block", { key: created.key })).status).toBe(200);
    const blockedAfter = await timeUntil(since, () => converse(b, created.key), (r) => r.errorType === "AccessDeniedException");
    expect(blockedAfter).toBeLessThan(1000);
    since = Date.now();
    expect((await manageKeys(a.url, "POST", "/key/unblock", { key: created.key })).status).toBe(200);
    expect(await timeUntil(since, () => converse(b, created.key), (r) => r.status === 200)).toBeLessThan(1000);

    since = Date.now();
    const regenerated = await manageKeys(a.url, "POST", "/key/regenerate", { key: created.key });
    const newKey = regenerated.json.key as string;
    expect(await timeUntil(since, () => converse(b, created.key), (r) => r.errorType === "UnrecognizedClientException")).toBeLessThan(1000);
    expect((await converse(b, newKey)).status).toBe(200);

    since = Date.now();
    expect((await manageKeys(a.url, "POST", "/key/delete", { keys: [newKey] })).status).toBe(200);
    const deletedAfter = await timeUntil(since, () => converse(b, newKey), (r) => r.status === 403);
    expect(deletedAfter).toBeLessThan(1000);
    expectGatewayError(await converse(b, newKey), 403, "UnrecognizedClientException");
    expectGatewayError(await converse(a, newKey), 403, "UnrecognizedClientException");
  });

  it("one rate limit between them: rpm_limit 10, 20 concurrent calls spread over A and B → exactly 10 succeed", async () => {
    const { key } = await generateKey(b.url, { key_alias: `e2e-shared-rpm-${Date.now()}`, rpm_limit: 10 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => converse(spread(i), key)));
    expect(countStatuses(answers)).toEqual({ 200: 10, 429: 10 });
    for (const refused of answers.filter((r) => r.status === 429)) expectGatewayError(refused, 429, "ThrottlingException", /rpm_limit of 10/);
    expect(answers.every((r) => r.status === 200 || Number(r.retryAfter) >= 1)).toBe(true);
  });

  it("one budget between them: 20 concurrent calls over A and B on a budget for ~3 → exactly 3 admitted, overrun bounded", async () => {
    const body = converseBody("share one budget", 16);
    const { cost } = await measureConverse(a.url, body);
    const estimate = estimateReservation(JSON.stringify(body), 16, SONNET4_PRICES);
    expect(estimate).toBeGreaterThanOrEqual(cost);
    expect(estimate).toBeLessThan(1.45 * cost); // see keys-limits.e2e.test.ts: then 2.9 calls' worth admits exactly 3
    const maxBudget = Number((2.9 * cost).toFixed(9));
    const created = await generateKey(a.url, { key_alias: `e2e-shared-budget-${Date.now()}`, max_budget: maxBudget, budget_duration: "1d" });

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => converse(spread(i), created.key, body)));
    expect(countStatuses(answers)).toEqual({ 200: 3, 400: 17 });
    for (const refused of answers.filter((r) => r.status === 400)) {
      expectGatewayError(refused, 400, "ServiceQuotaExceededException", new RegExp(`max_budget of \\$${maxBudget} per 1d; it resets at ${created.budget_reset_at!.replace(/\./g, "\\.")}`));
    }
    let rows: Awaited<ReturnType<typeof fetchSpendLogs>>["rows"] = [];
    await expect.poll(async () => (rows = (await fetchSpendLogs(b.url, `api_key=${created.token}`)).rows).length, { timeout: 5000 }).toBe(20);
    const spent = rows.reduce((total, row) => total + row.spend, 0);
    const admitted = rows.filter((row) => row.status === "success").map((row) => ({ cost: row.spend, estimate }));
    expect(spent).toBeLessThanOrEqual(computeBudgetBound(maxBudget, admitted));
    // both instances see the one spend, and both refuse
    for (const gateway of [a, b]) {
      expect((await manageKeys(gateway.url, "GET", `/key/info?key=${created.token}`)).json.info.spend).toBeCloseTo(spent, 12);
      expectGatewayError(await converse(gateway, created.key, body), 400, "ServiceQuotaExceededException");
    }
  });

  it("a Redis outage: B serves on local counters, logs it, reports degraded, and pushes its counts when Redis returns", async () => {
    // The counts below are exact unless the calls before a sub-window boundary lose a whole request of weight
    // after it (5 calls × x / 60 s ≥ 1, i.e. x ≥ 12 s): do not start within a few seconds of a boundary.
    if (Date.now() % MINUTE > MINUTE - 8000) await sleep(MINUTE - (Date.now() % MINUTE) + 100);
    const { key } = await generateKey(a.url, { key_alias: `e2e-outage-${Date.now()}`, rpm_limit: 8 });
    for (let i = 0; i < 2; i++) expect((await converse(spread(i), key)).status).toBe(200); // Redis holds 2

    await redisProxy.stop();
    for (let i = 0; i < 3; i++) expect((await converse(b, key)).status).toBe(200); // B's local counters: 3
    await b.waitForOutput(/shared state unavailable: serving on local counters/);
    const degraded = await fetch(`${b.url}/health/readiness`).then((r) => r.json());
    expect(degraded.sharedState).toMatchObject({ backend: "memory", status: "degraded", detail: expect.stringMatching(/serving on local counters/) });
    expect((await fetch(`${a.url}/health/readiness`).then((r) => r.json())).sharedState).toMatchObject({ backend: "redis", status: "ok" });

    await redisProxy.start();
    await expect.poll(async () => (await fetch(`${b.url}/health/readiness`).then((r) => r.json())).sharedState.status, { timeout: 10_000, interval: 100 }).toBe("ok");
    await b.waitForOutput(/shared state is back/);
    // Redis now holds 2 + 3 = 5 of 8: three more calls fit, over both instances, then none
    const after = [];
    for (let i = 0; i < 6; i++) after.push(await converse(spread(i), key));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 429, 429, 429]);
  }, 30_000);

  it("a key revoked on A while B is cut off from Redis is refused by B within 1 s of Redis returning", async () => {
    const created = await generateKey(a.url, { key_alias: `e2e-missed-revoke-${Date.now()}` });
    expect((await converse(b, created.key)).status).toBe(200); // B caches the key
    await redisProxy.stop();
    expect((await converse(b, created.key)).status).toBe(200);
    // the invalidation A publishes now never reaches B's subscriber connection
    expect((await manageKeys(a.url, "POST", "/key/block", { key: created.key })).status).toBe(200);
    expectGatewayError(await converse(a, created.key), 403, "AccessDeniedException");
    await redisProxy.start();
    await expect.poll(async () => (await fetch(`${b.url}/health/readiness`).then((r) => r.json())).sharedState.status, { timeout: 10_000, interval: 50 }).toBe("ok");
    const back = Date.now();
    expect(await timeUntil(back, () => converse(b, created.key), (r) => r.errorType === "AccessDeniedException")).toBeLessThan(1000);
  }, 30_000);

  it("a key revoked on B while B is cut off from Redis is refused by A within 1 s of B's Redis returning", async () => {
    const created = await generateKey(a.url, { key_alias: `e2e-revoked-offline-${Date.now()}` });
    expect((await converse(a, created.key)).status).toBe(200); // A caches the key
    await redisProxy.stop();
    // B saves the change, but can tell only itself for now
    expect((await manageKeys(b.url, "POST", "/key/block", { key: created.key })).status).toBe(200);
    expectGatewayError(await converse(b, created.key), 403, "AccessDeniedException");
    await redisProxy.start();
    await expect.poll(async () => (await fetch(`${b.url}/health/readiness`).then((r) => r.json())).sharedState.status, { timeout: 10_000, interval: 50 }).toBe("ok");
    const back = Date.now();
    expect(await timeUntil(back, () => converse(a, created.key), (r) => r.errorType === "AccessDeniedException")).toBeLessThan(1000);
  }, 30_000);
});
