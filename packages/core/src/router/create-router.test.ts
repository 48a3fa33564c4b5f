import { describe, expect, it } from "vitest";
import { createTestClock } from "../balancing/fixtures/test-state.js";
import { resolveConfig } from "../config/resolve-config.js";
import { createMemoryState } from "../counters/create-memory-state.js";
import { isGatewayError } from "../errors/gateway-error.js";
import type { RoutePlan } from "../gateway/plan-route.js";
import { classifyPath } from "../routing/classify-path.js";
import type { MatchedOperation } from "../routing/types.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import type { GroupCall, RouterDeps } from "./create-router.js";
import { createRouter } from "./create-router.js";

const MODEL = "bedrock/anthropic.claude-3-haiku-20240307-v1:0";

/** What one deployment answers, attempt after attempt (the last entry repeats): a status, or a thrown error. */
type Answer = number | "refused";

interface Entry {
  group: string;
  id: string;
  region: string;
  params?: Record<string, unknown>;
}

function setup(entries: Entry[], router: Record<string, unknown> = {}, hooks: Partial<RouterDeps> = {}) {
  const config = resolveConfig(
    {
      model_list: entries.map((entry) => ({
        model_name: entry.group,
        litellm_params: { model: MODEL, aws_region_name: entry.region, ...entry.params },
        model_info: { id: entry.id },
      })),
      router_settings: router,
    },
    { env: {} },
  );
  const clock = createTestClock();
  const sleeps: number[] = [];
  const deps: RouterDeps = {
    config,
    state: createMemoryState({ clock, sweepIntervalMs: 0 }),
    clock,
    // 0 makes simple-shuffle take the first deployment of the list, so every test knows the order of attempts
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    defer: (task) => task(),
    ...hooks,
  };
  const answers = new Map<string, Answer[]>();
  const sent: RoutePlan[] = [];
  const send = async (plan: RoutePlan): Promise<UpstreamResponse> => {
    sent.push(plan);
    const script = answers.get(plan.deployment!.id) ?? [200];
    const answer = script.length > 1 ? script.shift()! : script[0]!;
    if (answer === "refused") throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    return fakeResponse(answer);
  };
  const call = (group: string, extra: Partial<GroupCall> = {}): GroupCall => ({
    classified: classifyPath("POST", `/model/${group}/converse`) as MatchedOperation,
    group,
    send,
    isGroupAllowed: () => true,
    slotId: `req-${sent.length}-${Math.random()}`,
    body: null,
    signal: new AbortController().signal,
    ...extra,
  });
  return { router: createRouter(deps), config, answers, sent, sleeps, clock, call, sentTo: () => sent.map((plan) => plan.deployment!.id) };
}

const ERROR_TYPES: Record<number, string> = { 400: "ValidationException", 429: "ThrottlingException", 500: "InternalServerException" };

function fakeResponse(status: number): UpstreamResponse {
  const errorType = ERROR_TYPES[status];
  return {
    status,
    headers: errorType ? { "x-amzn-errortype": `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` } : {},
    body: Object.assign((async function* () {})(), { destroy: () => undefined, discard: () => undefined, readAll: async () => new Uint8Array(0) }),
  };
}

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const TWO_REGIONS: Entry[] = [
  { group: "claude", id: "use1", region: "us-east-1" },
  { group: "claude", id: "usw2", region: "us-west-2" },
];

describe("createRouter", () => {
  it("retries a throttle on another deployment, planned for that deployment's region, and cools the throttled one down", async () => {
    const { router, answers, sent, call } = setup(TWO_REGIONS);
    answers.set("use1", [429]);
    const routed = await router.sendToGroup(call("claude"));
    expect(routed.response.status).toBe(200);
    expect(routed.attempts).toBe(2);
    expect(sent.map((plan) => [plan.deployment!.id, plan.target.region])).toEqual([["use1", "us-east-1"], ["usw2", "us-west-2"]]);
    expect(routed.plan).toMatchObject({ modelGroup: "claude", target: { region: "us-west-2" } });
    expect((await router.health.isCoolingDown(["use1", "usw2"])).get("use1")).toBeGreaterThan(0);
    // the cooling deployment is skipped by the next call, whatever the strategy would pick
    await router.sendToGroup(call("claude"));
    expect(sent.at(-1)!.deployment!.id).toBe("usw2");
  });

  it("answers a client error at once: no retry, nothing counted against the deployment", async () => {
    const failed: string[] = [];
    const { router, answers, sentTo, call } = setup(TWO_REGIONS, {}, { onAttemptFailed: (d) => failed.push(d.id) });
    answers.set("use1", [400]);
    const routed = await router.sendToGroup(call("claude"));
    expect(routed.response.status).toBe(400);
    expect(sentTo()).toEqual(["use1"]);
    expect(failed).toEqual([]);
    expect((await router.health.snapshot(routed.plan.deployment ? [routed.plan.deployment] : []))[0]?.status).toBe("healthy");
  });

  it("answers 429 with the wait when every deployment is cooling down, without calling upstream again", async () => {
    const { router, answers, sentTo, sleeps, call } = setup(TWO_REGIONS, { cooldown_time: 7 });
    answers.set("use1", [429]);
    answers.set("usw2", [429]);
    const error = await catchError(router.sendToGroup(call("claude")));
    expect(isGatewayError(error) && error.code).toBe("rate-limited");
    expect(isGatewayError(error) && error.retryAfterSeconds).toBe(7);
    expect((error as Error).message).toBe('Every deployment of "claude" is cooling down or at its rate limit; retry in 7 s.');
    expect(sentTo()).toEqual(["use1", "usw2"]);
    // both are cooling: nobody to come back to, so no backoff is slept either
    expect(sleeps).toEqual([]);
    await catchError(router.sendToGroup(call("claude")));
    expect(sentTo()).toHaveLength(2);
  });

  it("falls back to the next group when its own deployments fail, and says so", async () => {
    const fallbacks: string[] = [];
    const entries = [...TWO_REGIONS, { group: "backup", id: "backup-euc1", region: "eu-central-1" }];
    const { router, answers, sentTo, call } = setup(entries, { fallbacks: [{ claude: ["backup"] }] }, {
      onFallback: (from, to) => fallbacks.push(`${from}→${to}`),
    });
    answers.set("use1", [429]);
    answers.set("usw2", [500]);
    const routed = await router.sendToGroup(call("claude"));
    expect(routed.response.status).toBe(200);
    expect(routed.plan).toMatchObject({ modelGroup: "backup", target: { region: "eu-central-1" } });
    expect(routed.attempts).toBeGreaterThanOrEqual(3);
    expect(sentTo().at(-1)).toBe("backup-euc1");
    expect(fallbacks).toEqual(["claude→backup"]);
  });

  it("tries a failed deployment again after a backoff when the others are cooling down, instead of a false 'all cooling' 429", async () => {
    const { router, answers, sentTo, sleeps, call } = setup(TWO_REGIONS, { num_retries: 2, allowed_fails: 5 });
    await router.health.recordFailure("usw2", { kind: "throttle" });
    answers.set("use1", [500, 200]);
    const served = await router.sendToGroup(call("claude"));
    expect(served.response.status).toBe(200);
    expect(sentTo()).toEqual(["use1", "use1"]);
    expect(sleeps).toHaveLength(1);
    // when its retries run out, the caller gets Bedrock's own last answer: not everything is cooling down
    answers.set("use1", [500]);
    const failed = await router.sendToGroup(call("claude"));
    expect(failed.response.status).toBe(500);
    expect(failed.attempts).toBe(3);
    expect(sentTo()).toEqual(["use1", "use1", "use1", "use1", "use1"]);
  });

  it("retries a connection error elsewhere", async () => {
    const { router, answers, sentTo, call } = setup(TWO_REGIONS);
    answers.set("use1", ["refused"]);
    const routed = await router.sendToGroup(call("claude"));
    expect(routed.response.status).toBe(200);
    expect(sentTo()).toEqual(["use1", "usw2"]);
  });

  it("honours max_parallel_requests: a full deployment is skipped, and with all full the answer is a 429", async () => {
    const entries: Entry[] = TWO_REGIONS.map((entry) => ({ ...entry, params: { max_parallel_requests: 1 } }));
    const { router, sentTo, call } = setup(entries);
    const first = await router.sendToGroup(call("claude"));
    const second = await router.sendToGroup(call("claude"));
    expect(sentTo()).toEqual(["use1", "usw2"]);
    const error = await catchError(router.sendToGroup(call("claude")));
    expect(isGatewayError(error) && error.code).toBe("rate-limited");
    expect(isGatewayError(error) && error.retryAfterSeconds).toBe(1);
    expect(sentTo()).toHaveLength(2);
    first.settle(10);
    await new Promise((resolve) => setImmediate(resolve));
    await router.sendToGroup(call("claude"));
    expect(sentTo().at(-1)).toBe("use1");
    second.settle(10);
  });

  it("gives a failed attempt's slot back at once, and the served one's when the call settles", async () => {
    const { router, answers, config, call } = setup(TWO_REGIONS);
    const inFlight = async () => (await router.health.snapshot(config.deployments)).map((snapshot) => snapshot.inFlight);
    answers.set("use1", [500]);
    const routed = await router.sendToGroup(call("claude"));
    expect(routed.plan.deployment?.id).toBe("usw2");
    expect(await inFlight()).toEqual([0, 1]);
    routed.settle(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await inFlight()).toEqual([0, 0]);
  });

  it("tells its hooks about successes, failures and each cooldown once", async () => {
    const events: string[] = [];
    const { router, answers, call } = setup(TWO_REGIONS, { allowed_fails: 1 }, {
      onAttemptSucceeded: (d) => events.push(`ok ${d.id}`),
      onAttemptFailed: (d, kind, status) => events.push(`fail ${d.id} ${kind} ${status}`),
      onCooldown: (d) => events.push(`cool ${d.id}`),
    });
    answers.set("use1", [500, 500, 200]);
    await router.sendToGroup(call("claude"));
    await router.sendToGroup(call("claude"));
    await router.sendToGroup(call("claude"));
    expect(events).toEqual([
      "fail use1 server 500",
      "ok usw2",
      // the second failure is more than allowed_fails (1): use1 cools down, so the third call goes to usw2 at once
      "fail use1 server 500",
      "cool use1",
      "ok usw2",
      "ok usw2",
    ]);
  });

  it("by default records a success (latency, hook) only after the answer has been handed on, in a later turn", async () => {
    const events: string[] = [];
    const { router, call } = setup(TWO_REGIONS, {}, { onAttemptSucceeded: (d, latencyMs) => events.push(`ok ${d.id} ${latencyMs}`), defer: undefined });
    const routed = await router.sendToGroup(call("claude"));
    events.push(`served ${routed.plan.deployment!.id}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(["served use1", "ok use1 0"]);
    const [view] = await router.health.readViews([routed.plan.deployment!], ["latency"]);
    expect(view).toHaveProperty("latencyMs", 0);
  });

  it("a success hook that throws in its later turn loses its count, not the process", async () => {
    const { router, call } = setup(TWO_REGIONS, {}, {
      onAttemptSucceeded: () => {
        throw new Error("metrics are broken");
      },
      defer: undefined,
    });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      await router.sendToGroup(call("claude"));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it("gives the soonest wait as Retry-After when some deployments cool down and others are at their rpm", async () => {
    const entries: Entry[] = [
      { group: "claude", id: "cool", region: "us-east-1" },
      { group: "claude", id: "full", region: "us-west-2", params: { rpm: 1 } },
    ];
    const { router, answers, clock, config, call } = setup(entries, { cooldown_time: 300, num_retries: 0 });
    answers.set("cool", [429]);
    // num_retries 0: the throttle is the answer (and "cool" cools down for 300 s)
    expect((await router.sendToGroup(call("claude"))).response.status).toBe(429);
    clock.advance(1000);
    await router.sendToGroup(call("claude"));
    const error = await catchError(router.sendToGroup(call("claude")));
    // "full" has room again when its rpm window slides, long before "cool" is back (299 s from now)
    const limit = await router.health.reserveRequest(config.deployments[1]!); // refused: counts nothing
    expect(limit.allowed).toBe(false);
    expect(isGatewayError(error) && error.retryAfterSeconds).toBe(Math.ceil(limit.retryAfterMs / 1000));
    expect(isGatewayError(error) && error.retryAfterSeconds).toBeLessThan(299);
  });
});
