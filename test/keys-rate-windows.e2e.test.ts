import { describe, expect, it } from "vitest";
import { useE2eEnvironment } from "./support/fixtures.js";
import type { GatewayAnswer } from "./support/keys.js";
import { callBedrock, converseBody, countStatuses, expectGatewayError, generateKey, measureConverse, sleep } from "./support/keys.js";

const getEnv = useE2eEnvironment();
const url = () => getEnv().gateway.url;
const MINUTE = 60_000;
const converse = (key: string, body: Record<string, unknown>) => callBedrock(url(), key, "/model/claude/converse", body);

/** Seconds until `at`, as a Retry-After header rounds them. */
const secondsUntil = (at: number) => Math.ceil((at - Date.now()) / 1000);

/**
 * At boundary + allowedAfterMs/2 the call is still refused (a fixed window would have reset at the boundary) with
 * a Retry-After pointing at boundary + allowedAfterMs; shortly after that it is allowed.
 */
async function expectSlide(probe: () => Promise<GatewayAnswer>, boundary: number, allowedAfterMs: number): Promise<void> {
  await sleep(boundary + allowedAfterMs / 2 - Date.now());
  const during = await probe();
  expectGatewayError(during, 429, "ThrottlingException");
  expect(Math.abs(Number(during.retryAfter) - secondsUntil(boundary + allowedAfterMs))).toBeLessThanOrEqual(1);
  await sleep(boundary + allowedAfterMs + 300 - Date.now());
  const after = await probe();
  expect(after.status, JSON.stringify(after.json)).toBe(200);
}

/*
 * Rate windows are sliding 60 s windows: two epoch-aligned 60 s sub-windows, the older one weighted by how much of
 * it still overlaps the last minute. Seeing a slide means crossing a sub-window boundary, up to a minute away: this
 * file is mostly that wait, so it runs beside the other files.
 */
describe("rpm_limit and tpm_limit windows", () => {
  it("429 ThrottlingException with a Retry-After that follows the sliding window; refused past the boundary, then allowed", async () => {
    const body = converseBody("count my tokens", 16);
    const { tokens } = await measureConverse(url(), body);
    // never fill a window across a sub-window boundary
    if (Date.now() % MINUTE > MINUTE - 5000) await sleep(MINUTE - (Date.now() % MINUTE) + 100);
    const boundary = (Math.floor(Date.now() / MINUTE) + 1) * MINUTE;

    // rpm: once full, one more request fits when the previous sub-window's weight has dropped by 1/limit
    const rpmLimit = 20;
    const rpmKey = await generateKey(url(), { key_alias: `e2e-rpm-${Date.now()}`, rpm_limit: rpmLimit });
    const filled = await Promise.all(Array.from({ length: rpmLimit }, () => converse(rpmKey.key, body)));
    expect(countStatuses(filled)).toEqual({ 200: rpmLimit });
    const rpmRefused = await converse(rpmKey.key, body);
    expectGatewayError(rpmRefused, 429, "ThrottlingException", /Key "e2e-rpm-\d+" is over its rpm_limit of 20 requests per minute/i);
    const rpmAllowedAfter = MINUTE / rpmLimit;
    expect(Math.abs(Number(rpmRefused.retryAfter) - secondsUntil(boundary + rpmAllowedAfter))).toBeLessThanOrEqual(1);

    // tpm: a call's tokens count when it ends; calls are admitted while the window is under the limit
    const tpmLimit = Math.round(2.9 * tokens);
    const tpmKey = await generateKey(url(), { key_alias: `e2e-tpm-${Date.now()}`, tpm_limit: tpmLimit });
    for (let i = 0; i < 3; i++) {
      expect((await converse(tpmKey.key, body)).status).toBe(200);
      await sleep(50);
    }
    const tpmRefused = await converse(tpmKey.key, body);
    expectGatewayError(tpmRefused, 429, "ThrottlingException", new RegExp(`is over its tpm_limit of ${tpmLimit} tokens per minute`));
    // 3 calls' tokens drop under the limit when the old sub-window weighs less than limit / used
    const tpmAllowedAfter = MINUTE * (1 - tpmLimit / (3 * tokens));
    expect(Math.abs(Number(tpmRefused.retryAfter) - secondsUntil(boundary + tpmAllowedAfter))).toBeLessThanOrEqual(1);
    expect(Date.now(), "the windows were filled within one sub-window").toBeLessThan(boundary);

    await Promise.all([
      expectSlide(() => converse(rpmKey.key, body), boundary, rpmAllowedAfter),
      expectSlide(() => converse(tpmKey.key, body), boundary, tpmAllowedAfter),
    ]);
  }, 80_000);
});
