import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { createRedisScriptRunner } from "./redis-script-runner.js";

describe("createRedisScriptRunner", () => {
  it("runs by SHA, and sends the script once more when the server has forgotten it (NOSCRIPT)", async () => {
    const calls: string[] = [];
    let known = false;
    const client = {
      evalsha: async (sha: string) => {
        calls.push(`evalsha ${sha.length}`);
        if (!known) throw new Error("NOSCRIPT No matching script. Please use EVAL.");
        return ["ok"];
      },
      eval: async (source: string, keyCount: number, ...rest: unknown[]) => {
        calls.push(`eval ${keyCount} ${rest.join(",")} ${source.includes("ZREMRANGEBYSCORE")}`);
        known = true;
        return ["ok"];
      },
    } as unknown as Redis;
    const run = createRedisScriptRunner();
    expect(await run(client, "slots", ["k"], ["now", "count"])).toEqual(["ok"]);
    expect(await run(client, "slots", ["k"], ["now", "count"])).toEqual(["ok"]);
    expect(calls).toEqual(["evalsha 40", "eval 1 k,now,count true", "evalsha 40"]);
  });

  it("lets other errors through", async () => {
    const client = { evalsha: async () => await Promise.reject(new Error("ERR boom")), eval: async () => ["never"] } as unknown as Redis;
    await expect(createRedisScriptRunner()(client, "values", ["k"], [])).rejects.toThrow("ERR boom");
  });
});
