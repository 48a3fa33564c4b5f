import { createRedisBus } from "./redis-bus.js";
import { createRedisConnection } from "./redis-connection.js";
import { readBudgetReply, readSlotsReply, readValuesReply, readWindowReply } from "./redis-replies.js";
import { createRedisScriptRunner } from "./redis-script-runner.js";
import type { RedisScriptName } from "./redis-scripts.js";
import type { RedisStateOptions } from "./create-redis-state.js";
import type { SharedState } from "./shared-state.js";
import { createSingleFlight } from "./single-flight.js";
import { assertWindowMs, toConsumeResult } from "./sliding-window.js";

/** Largest number of keys one `getValues` script call reads (Lua's unpack has a stack limit). */
const VALUES_PER_CALL = 500;

/**
 * The Redis `SharedState` itself, loaded by `createRedisState` (which documents it) only when Redis is configured:
 * this module brings in ioredis.
 */
export function openRedisState(options: RedisStateOptions): SharedState {
  const prefix = options.prefix ?? "bedrock-gw:";
  const connection = createRedisConnection(options);
  const bus = createRedisBus({ publisher: connection, openSubscriber: () => createRedisConnection(options), prefix });
  const runScript = createRedisScriptRunner();
  const seeds = createSingleFlight<number>();
  const clock = options.clock;
  const now = () => (clock ? String(Math.floor(clock())) : "");
  const script = (name: RedisScriptName, keys: readonly string[], args: readonly (string | number)[]) =>
    connection.run((client) => runScript(client, name, keys, [now(), ...args]));
  const windowKey = (key: string, windowMs: number) => `${prefix}w:${windowMs}:${key}`;
  const budget = async (op: string, key: string, args: readonly (string | number)[]) =>
    readBudgetReply(await script("budget", [`${prefix}b:${key}`], [op, ...args]));

  return {
    async consume(key, amount, limit, windowMs, mode) {
      assertWindowMs(windowMs);
      const reply = readWindowReply(await script("window", [windowKey(key, windowMs)], [windowMs, mode, amount, limit]));
      return toConsumeResult(reply.allowed, reply.used, reply.counts, reply.now, windowMs, { mode, amount, limit });
    },
    async record(key, amount, windowMs) {
      assertWindowMs(windowMs);
      await script("window", [windowKey(key, windowMs)], [windowMs, "record", amount, 0]);
    },
    async peek(key, windowMs) {
      assertWindowMs(windowMs);
      return readWindowReply(await script("window", [windowKey(key, windowMs)], [windowMs, "peek", 0, 0])).used;
    },

    async reserveBudget(key, amount, limit, expiresAt, initial) {
      let reply = await budget("reserve", key, [amount, limit, expiresAt, ""]);
      if (reply.status === "missing") {
        // Concurrent reservations in this process share one initial(); across instances the script's
        // set-if-missing keeps the first seed and ignores the rest.
        const seed = await seeds.run(key, initial);
        reply = await budget("reserve", key, [amount, limit, expiresAt, seed]);
      }
      const allowed = reply.status === "allowed";
      return { allowed, used: reply.value, retryAfterMs: allowed ? 0 : Math.max(0, reply.expiresAt - reply.now) };
    },
    async adjustBudget(key, delta, expiresAt) {
      await budget("adjust", key, [delta, 0, expiresAt, ""]);
    },
    async readBudget(key) {
      const reply = await budget("read", key, [0, 0, 0, ""]);
      return reply.status === "ok" ? reply.value : undefined;
    },

    async acquire(key, id, limit, ttlMs) {
      return readSlotsReply(await script("slots", [`${prefix}s:${key}`], ["acquire", id, limit, ttlMs]));
    },
    async release(key, id) {
      await connection.run((client) => client.zrem(`${prefix}s:${key}`, id));
    },
    async countSlots(key) {
      return readSlotsReply(await script("slots", [`${prefix}s:${key}`], ["count", "", 0, 0])).current;
    },

    async setValue(key, value, ttlMs) {
      await script("values", [`${prefix}v:${key}`], ["set", ttlMs, value]);
    },
    async getValues(keys) {
      const found: Array<string | undefined> = [];
      for (let start = 0; start < keys.length; start += VALUES_PER_CALL) {
        const chunk = keys.slice(start, start + VALUES_PER_CALL).map((key) => `${prefix}v:${key}`);
        found.push(...readValuesReply(await script("values", chunk, ["get", 0, ""]), chunk.length));
      }
      return found;
    },

    publish: (channel, message) => bus.publish(channel, message),
    subscribe: (channel, handler) => bus.subscribe(channel, handler),

    async health() {
      await connection.started;
      const state = connection.describeState();
      if (!state.connected) return { backend: "redis", status: "degraded", detail: state.detail };
      try {
        await connection.run((client) => client.ping());
        return { backend: "redis", status: "ok" };
      } catch (error) {
        return { backend: "redis", status: "degraded", detail: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {
      await Promise.all([bus.close(), connection.close()]);
    },
  };
}
