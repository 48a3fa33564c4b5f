import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@bedrock-gw/simulator";
import { startSimulator } from "@bedrock-gw/simulator";
import { SONNET4_PRICES, computeBudgetBound, estimateReservation } from "./support/budget-bound.js";
import { createE2eConfig } from "./support/fixtures.js";
import { CLI_BIN, startGatewayProcess, writeConfig } from "./support/gateway-process.js";
import type { GatewayProcess } from "./support/gateway-process.js";
import { converseBody, generateKey, manageKeys, measureConverse } from "./support/keys.js";
import { fetchSpendLogs } from "./support/spend.js";
import type { OwnedAnswer } from "./support/worker-connections.js";
import { CAN_SEE_SOCKETS, listChildPids, postOnFreshConnection } from "./support/worker-connections.js";

/** `serve --workers` is being added to the CLI; until the built CLI lists it, these tests are skipped. */
const CLI_HAS_WORKERS = execFileSync(process.execPath, [CLI_BIN, "serve", "--help"], { encoding: "utf8" }).includes("--workers");

describe.skipIf(!CLI_HAS_WORKERS || !CAN_SEE_SOCKETS)("serve --workers 2 without Redis: limits and budgets exact across the workers", () => {
  let simulator: Simulator & { url: string };
  let gateway: GatewayProcess;
  let workers: number[] = [];

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
    gateway = await startGatewayProcess(["--workers", "2", "--config", writeConfig(createE2eConfig(simulator.url))]);
    workers = await listChildPids(gateway.child.pid!);
    expect(workers).toHaveLength(2);
  });

  afterAll(async () => {
    await gateway?.stop();
    await simulator?.close();
  });

  /** 20 concurrent calls, each on its own connection (node:cluster deals connections to the workers in turn). */
  const fireTwenty = (key: string, body: Record<string, unknown>) =>
    Promise.all(
      Array.from({ length: 20 }, () =>
        postOnFreshConnection(`${gateway.url}/bedrock/model/claude/converse`, { authorization: `Bearer ${key}`, "content-type": "application/json" }, JSON.stringify(body), workers),
      ),
    );
  const statusesByWorker = (answers: readonly OwnedAnswer[]) =>
    workers.map((pid) => answers.filter((answer) => answer.owner === pid).map((answer) => answer.status));

  it("rpm_limit 10: of 20 concurrent calls spread over both workers, exactly 10 succeed", async () => {
    const { key } = await generateKey(gateway.url, { key_alias: `e2e-workers-rpm-${Date.now()}`, rpm_limit: 10 });
    const answers = await fireTwenty(key, converseBody("workers share one rpm window"));
    const perWorker = statusesByWorker(answers);
    expect(perWorker.every((statuses) => statuses.length > 0), "both workers served calls").toBe(true);
    expect(perWorker.flat()).toHaveLength(20);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 429 && answer.errorType === "ThrottlingException")).toHaveLength(10);
  });

  it("a budget for ~3 calls: of 20 concurrent calls over both workers, exactly 3 are admitted, the overrun bounded", async () => {
    const body = converseBody("workers share one budget", 16);
    const { cost } = await measureConverse(gateway.url, body);
    const estimate = estimateReservation(JSON.stringify(body), 16, SONNET4_PRICES);
    expect(estimate).toBeGreaterThanOrEqual(cost);
    expect(estimate).toBeLessThan(1.45 * cost); // see keys-limits.e2e.test.ts: then 2.9 calls' worth admits exactly 3
    const maxBudget = Number((2.9 * cost).toFixed(9));
    const created = await generateKey(gateway.url, { key_alias: `e2e-workers-budget-${Date.now()}`, max_budget: maxBudget });
    const answers = await fireTwenty(created.key, body);
    expect(statusesByWorker(answers).every((statuses) => statuses.length > 0), "both workers served calls").toBe(true);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(3);
    const refused = answers.filter((answer) => answer.status === 400 && answer.errorType === "ServiceQuotaExceededException");
    expect(refused).toHaveLength(17);
    expect(JSON.parse(refused[0]!.body).message).toMatch(/max_budget of \$[\d.e-]+; it has no budget_duration, so it does not reset/);

    let rows: Awaited<ReturnType<typeof fetchSpendLogs>>["rows"] = [];
    await expect.poll(async () => (rows = (await fetchSpendLogs(gateway.url, `api_key=${created.token}`)).rows).length, { timeout: 5000 }).toBe(20);
    const spent = rows.reduce((total, row) => total + row.spend, 0);
    const admitted = rows.filter((row) => row.status === "success").map((row) => ({ cost: row.spend, estimate }));
    expect(admitted).toHaveLength(3);
    expect(spent).toBeLessThanOrEqual(computeBudgetBound(maxBudget, admitted));
    expect((await manageKeys(gateway.url, "GET", `/key/info?key=${created.token}`)).json.info.spend).toBeCloseTo(spent, 12);
  });
});
