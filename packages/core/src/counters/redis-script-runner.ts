import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { REDIS_SCRIPTS } from "./redis-scripts.js";
import type { RedisScriptName } from "./redis-scripts.js";

export type RedisScriptRunner = (
  client: Redis,
  name: RedisScriptName,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

/**
 * EVALSHA with a fallback to EVAL when Redis does not know the script (a restarted or flushed server), so each
 * script's text crosses the wire once per server rather than once per call.
 */
export function createRedisScriptRunner(): RedisScriptRunner {
  const shas = new Map(Object.entries(REDIS_SCRIPTS).map(([name, source]) => [name, createHash("sha1").update(source).digest("hex")]));
  return async (client, name, keys, args) => {
    const source = REDIS_SCRIPTS[name];
    const sha = shas.get(name) ?? "";
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return await client.eval(source, keys.length, ...keys, ...args);
    }
  };
}
