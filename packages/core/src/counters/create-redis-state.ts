import type { RedisConnectionOptions } from "./redis-connection.js";
import { deferSharedState } from "./defer-shared-state.js";
import type { SharedState } from "./shared-state.js";

export interface RedisStateOptions extends Omit<RedisConnectionOptions, "url"> {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`) */
  url: string;
  /** prepended to every key and channel (default `bedrock-gw:`); instances sharing state use the same prefix */
  prefix?: string;
  /**
   * epoch milliseconds for every time decision. Default: none, and the scripts read the Redis server's TIME, so
   * every instance shares one clock whatever its host's drift. Tests inject one to move time.
   */
  clock?: () => number;
}

/**
 * `SharedState` on Redis, shared by every process and instance pointed at the same server and prefix. Each
 * check-and-add is one Lua script, so it is atomic across instances. Amounts are IEEE doubles end to end (stored
 * with 17 significant digits), so budgets in dollars keep the precision the memory implementation has. While Redis
 * is unreachable every call fails at once with `StateUnavailableError` (wrap in `createResilientState` to keep
 * serving); the connection reconnects in the background.
 *
 * ioredis is loaded only here, when Redis is configured: the implementation is imported at once (the connection
 * opens as soon as it is loaded, as early as before) and calls made meanwhile wait for it.
 *
 * @example
 * const state = createRedisState({ url: "redis://127.0.0.1:6379" });
 * const rpm = await state.consume(`rpm:${keyHash}`, 1, 60, 60_000, "fits");
 */
export function createRedisState(options: RedisStateOptions): SharedState {
  return deferSharedState(import("./open-redis-state.js").then((module) => module.openRedisState(options)));
}
