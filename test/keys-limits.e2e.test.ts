import { describe, expect, it } from "vitest";
import { SONNET4_PRICES, computeBudgetBound, estimateReservation } from "./support/budget-bound.js";
import { useE2eEnvironment } from "./support/fixtures.js";
import { callBedrock, converseBody, countStatuses, expectGatewayError, generateKey, manageKeys, measureConverse, sleep } from "./support/keys.js";
import { fetchSpendLogs } from "./support/spend.js";

// Slow streams for the parallel-limit test (only streaming calls are slowed).
const CHUNK_DELAY_MS = 100;
const getEnv = useE2eEnvironment({ chunkDelayMs: CHUNK_DELAY_MS });
const url = () => getEnv().gateway.url;

const converse = (key: string, body: Record<string, unknown>) => callBedrock(url(), key, "/model/claude/converse", body);

const measure = (body: Record<string, unknown>) => measureConverse(url(), body);

async function waitForRows(keyHash: string, count: number) {
  let rows: Awaited<ReturnType<typeof fetchSpendLogs>>["rows"] = [];
  await expect
    .poll(async () => (rows = (await fetchSpendLogs(url(), `api_key=${keyHash}`)).rows).length, { timeout: 5000, interval: 100 })
    .toBe(count);
  return rows;
}

describe("budgets", () => {
  it("20 concurrent calls on a budget for ~3: exactly 3 admitted, the overrun within the limiter's bound, the rest 400", async () => {
    const body = converseBody("spend a little of the budget", 16);
    const probe = await measure(body);
    const estimate = estimateReservation(JSON.stringify(body), 16, SONNET4_PRICES);
    // The design below relies on the reservation covering the call but by less than 45%: then 2.9 calls' worth of
    // budget admits exactly 3 calls whatever the interleaving (3 reservations fit under it; a 4th would need the
    // settled cost of 3 calls to be under it, which it is not).
    expect(estimate).toBeGreaterThanOrEqual(probe.cost);
    expect(estimate).toBeLessThan(1.45 * probe.cost);
    const maxBudget = Number((2.9 * probe.cost).toFixed(9));
    const created = await generateKey(url(), { key_alias: `e2e-budget-${Date.now()}`, max_budget: maxBudget, budget_duration: "1h" });

    const answers = await Promise.all(Array.from({ length: 20 }, () => converse(created.key, body)));
    expect(countStatuses(answers)).toEqual({ 200: 3, 400: 17 });
    const resets = created.budget_reset_at!;
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expectGatewayError(refused, 400, "ServiceQuotaExceededException");
      expect(refused.json.message).toMatch(/^The key "e2e-budget-\d+" has spent \$\d+\.\d{6} of its max_budget of \$[\d.e-]+ per 1h; it resets at /);
      expect(refused.json.message).toContain(`max_budget of $${maxBudget} per 1h; it resets at ${resets}.`);
    }

    // The overrun bound, from the spend rows (refused calls have rows too, at no cost).
    const rows = await waitForRows(created.token, 20);
    const admitted = rows.filter((row) => row.status === "success");
    expect(admitted).toHaveLength(3);
    const spent = rows.reduce((total, row) => total + row.spend, 0);
    const bound = computeBudgetBound(maxBudget, admitted.map((row) => ({ cost: row.spend, estimate })));
    expect(spent).toBeGreaterThan(maxBudget); // the budget was really crossed...
    expect(spent).toBeLessThanOrEqual(bound); // ...by no more than the limiter allows
    const info = await manageKeys(url(), "GET", `/key/info?key=${created.token}`);
    expect(info.json.info.spend).toBeCloseTo(spent, 12);
    expectGatewayError(await converse(created.key, body), 400, "ServiceQuotaExceededException", /has spent \$0\.000\d+ of its max_budget/);

    // a new value for the key keeps its spend (and so its exhausted budget); raising the budget admits calls again
    const regenerated = await manageKeys(url(), "POST", "/key/regenerate", { key: created.key });
    expectGatewayError(await converse(regenerated.json.key, body), 400, "ServiceQuotaExceededException", /max_budget/);
    await manageKeys(url(), "POST", "/key/update", { key: regenerated.json.key, max_budget: maxBudget + 2 * probe.cost });
    expect((await converse(regenerated.json.key, body)).status).toBe(200);
  });

  it("a 1s budget window (the shortest duration) resets on time", async () => {
    const body = converseBody("a short budget window", 16);
    const { cost } = await measure(body);
    const created = await generateKey(url(), { key_alias: `e2e-window-${Date.now()}`, max_budget: cost / 2, budget_duration: "1s" });
    const anchor = Date.parse(created.created_at as string);
    expect(Date.parse(created.budget_reset_at!)).toBe(anchor + 1000);
    // start right after a window boundary, so two calls surely fall in one window
    const windowStart = anchor + Math.ceil((Date.now() + 1 - anchor) / 1000) * 1000;
    await sleep(windowStart - Date.now() + 30);
    const windowEnd = new Date(windowStart + 1000).toISOString();

    expect((await converse(created.key, body)).status).toBe(200);
    const refused = await converse(created.key, body);
    expect(Date.now()).toBeLessThan(windowStart + 1000);
    expectGatewayError(refused, 400, "ServiceQuotaExceededException", new RegExp(`per 1s; it resets at ${windowEnd.replace(/\./g, "\\.")}\\.$`));

    await sleep(windowStart + 1000 - Date.now() + 30);
    expect((await converse(created.key, body)).status).toBe(200);
    const next = new Date(windowStart + 2000).toISOString();
    expectGatewayError(await converse(created.key, body), 400, "ServiceQuotaExceededException", new RegExp(`resets at ${next.replace(/\./g, "\\.")}`));
  });
});

describe("limits together", () => {
  it("a call refused for its budget does not use up one of the key's rpm_limit requests", async () => {
    const body = converseBody("over budget, under rpm", 16);
    const { cost } = await measure(body);
    const created = await generateKey(url(), { key_alias: `e2e-refused-rpm-${Date.now()}`, rpm_limit: 2, max_budget: cost / 2 });
    expect((await converse(created.key, body)).status).toBe(200);
    for (let i = 0; i < 4; i++) expectGatewayError(await converse(created.key, body), 400, "ServiceQuotaExceededException");
    await manageKeys(url(), "POST", "/key/update", { key: created.key, max_budget: 100 });
    // one request of the two left in this minute: the refused ones took none
    expect((await converse(created.key, body)).status).toBe(200);
    expectGatewayError(await converse(created.key, body), 429, "ThrottlingException", /rpm_limit of 2/);
  });
});

describe("max_parallel_requests", () => {
  it("2 slow streams in flight: a 3rd concurrent call is refused with 429, and admitted once they end", async () => {
    const created = await generateKey(url(), { key_alias: `e2e-parallel-${Date.now()}`, max_parallel_requests: 2 });
    const streamBody = converseBody("a slow stream that keeps its parallel slot busy for a second or so");
    const stream = () => callBedrock(url(), created.key, "/model/claude/converse-stream", streamBody);
    const started = Date.now();
    const streams = [stream(), stream()];
    // wait until both are in flight upstream (the simulator has their requests and is still sending)
    await expect.poll(() => getEnv().simulator.requests.filter((r) => r.operation === "ConverseStream").length, { interval: 10 }).toBe(2);
    const upstreamBefore = getEnv().simulator.requests.length;
    const third = await converse(created.key, converseBody("a third call"));
    expectGatewayError(third, 429, "ThrottlingException", /already has 2 calls in flight \(max_parallel_requests 2\)/);
    expect(third.retryAfter).toBe("1");
    expect(getEnv().simulator.requests.length).toBe(upstreamBefore);
    const done = await Promise.all(streams);
    expect(done.map((answer) => answer.status)).toEqual([200, 200]);
    expect(Date.now() - started).toBeGreaterThan(5 * CHUNK_DELAY_MS);
    await expect.poll(async () => (await converse(created.key, converseBody("after the streams"))).status, { timeout: 2000, interval: 50 }).toBe(200);
  });

  it("a client that goes away mid-stream gives its slot back", async () => {
    const created = await generateKey(url(), { key_alias: `e2e-abort-${Date.now()}`, max_parallel_requests: 1 });
    const aborter = new AbortController();
    const response = await fetch(`${url()}/bedrock/model/claude/converse-stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${created.key}`, "content-type": "application/json" },
      body: JSON.stringify(converseBody("a stream the client walks away from")),
      signal: aborter.signal,
    });
    expect(response.status).toBe(200);
    expectGatewayError(await converse(created.key, converseBody("while it streams")), 429, "ThrottlingException", /max_parallel_requests 1/);
    aborter.abort();
    const since = Date.now();
    await expect.poll(async () => (await converse(created.key, converseBody("after the abort"))).status, { timeout: 2000, interval: 50 }).toBe(200);
    // freed by the abort, not by the stream running to its end (its ~10 events take ~10 chunk delays)
    expect(Date.now() - since).toBeLessThan(5 * CHUNK_DELAY_MS);
  });
});
