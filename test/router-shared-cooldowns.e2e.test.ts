import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  converse,
  modelCalls,
  readDeploymentHealth,
  readMetrics,
  sampleValue,
  useRouterEnvironment,
} from "./support/router-harness.js";

const REDIS_URL = process.env.REDIS_URL;
const USE1 = "us-east-1";
const USW2 = "us-west-2";

describe.skipIf(!REDIS_URL)("cooldowns shared by two gateway instances through one Redis (REDIS_URL)", () => {
  // ids of this run only, so state left in Redis by other runs (or suites) never meets these
  const run = randomUUID().slice(0, 8);
  const ids: Record<string, string> = { [USE1]: `claude-use1-${run}`, [USW2]: `claude-usw2-${run}` };
  const getEnv = useRouterEnvironment({
    regions: [{ region: USE1 }, { region: USW2 }],
    deployments: [USE1, USW2].map((region) => ({ group: "claude", id: ids[region]!, region })),
    router: { redis_url: REDIS_URL, cooldown_time: 10, num_retries: 2 },
    instances: 2,
  });

  it("a deployment cooled down by instance A is skipped by instance B", async () => {
    const env = getEnv();
    const [a, b] = env.gateways as [(typeof env.gateways)[0], (typeof env.gateways)[0]];
    env.region(USE1).injectFault({ kind: "throttle", times: 1000 });
    // A's calls go to either region at random; the first one that meets us-east-1 is throttled and retried
    for (let index = 0; index < 40 && modelCalls(env.region(USE1)).length === 0; index++) {
      expect((await converse(a.url, "claude", `via A ${index}`)).status).toBe(200);
    }
    expect(modelCalls(env.region(USE1)).map((request) => request.status)).toEqual([429]);
    const coolingOnA = (await readDeploymentHealth(a.url)).get(ids[USE1]!);
    expect(coolingOnA?.status).toBe("cooling-down");

    const servedBefore = modelCalls(env.region(USW2)).length;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => converse(b.url, "claude", `via B ${index}`)));
    expect(answers.map((answer) => answer.status)).toEqual(new Array(20).fill(200));
    // B never tried us-east-1: every call went straight to us-west-2
    expect(modelCalls(env.region(USE1))).toHaveLength(1);
    expect(modelCalls(env.region(USW2)).length - servedBefore).toBe(20);

    const coolingOnB = (await readDeploymentHealth(b.url)).get(ids[USE1]!);
    expect(coolingOnB).toMatchObject({ status: "cooling-down", cooldownUntil: coolingOnA!.cooldownUntil });
    const samples = await readMetrics(b.url);
    const labels = { deployment_id: ids[USE1]!, model_group: "claude" };
    // B sees the cooldown in the shared state, though it neither failed there nor started it
    expect(sampleValue(samples, "bedrock_gw_deployment_cooling_down", labels)).toBe(1);
    expect(sampleValue(samples, "bedrock_gw_deployment_cooldowns_total", labels)).toBe(0);
    expect(sampleValue(samples, "bedrock_gw_deployment_failures_total", { ...labels, kind: "throttle" })).toBe(0);
  });
});
