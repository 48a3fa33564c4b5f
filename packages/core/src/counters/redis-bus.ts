import { createLocalBus } from "./local-bus.js";
import type { RedisConnection } from "./redis-connection.js";
import { BUS_GAP } from "./shared-state.js";

/** Redis pub/sub for `SharedState`: PUBLISH on the command connection, SUBSCRIBE on a dedicated one. */
export interface RedisBus {
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * Why a second connection: a subscribed Redis connection accepts nothing but (un)subscribe commands. It is opened on
 * the first `subscribe`, and every channel with a handler is subscribed again whenever it (re)connects, so handlers
 * survive a Redis restart; once subscribed again they get `BUS_GAP`, for the messages published while it was away.
 */
export function createRedisBus(options: { publisher: RedisConnection; openSubscriber: () => RedisConnection; prefix: string }): RedisBus {
  const local = createLocalBus();
  const counts = new Map<string, number>();
  let subscriber: RedisConnection | undefined;

  const toRedisChannel = (channel: string) => `${options.prefix}${channel}`;
  const openSubscriber = () => {
    if (subscriber) return subscriber;
    const opened = options.openSubscriber();
    opened.client.on("message", (redisChannel: string, message: string) => {
      if (redisChannel.startsWith(options.prefix)) local.publish(redisChannel.slice(options.prefix.length), message);
    });
    let connectedBefore = false;
    opened.client.on("ready", () => {
      const reconnected = connectedBefore;
      connectedBefore = true;
      const channels = [...counts.keys()];
      if (channels.length === 0) return;
      opened.client.subscribe(...channels.map(toRedisChannel)).then(
        () => {
          if (reconnected) for (const channel of channels) local.publish(channel, BUS_GAP);
        },
        // A failed resubscribe leaves the connection to the next reconnect; nothing to surface here.
        () => undefined,
      );
    });
    subscriber = opened;
    return opened;
  };

  const release = async (channel: string, unsubscribe: () => void) => {
    unsubscribe();
    const left = (counts.get(channel) ?? 1) - 1;
    if (left > 0) {
      counts.set(channel, left);
      return;
    }
    counts.delete(channel);
    await subscriber?.run((client) => client.unsubscribe(toRedisChannel(channel))).catch(() => undefined);
  };

  return {
    async publish(channel, message) {
      await options.publisher.run((client) => client.publish(toRedisChannel(channel), message));
    },
    async subscribe(channel, handler) {
      const connection = openSubscriber();
      const unsubscribe = local.subscribe(channel, handler);
      try {
        await connection.run((client) => client.subscribe(toRedisChannel(channel)));
      } catch (error) {
        unsubscribe();
        throw error;
      }
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await release(channel, unsubscribe);
      };
    },
    async close() {
      await subscriber?.close();
    },
  };
}
