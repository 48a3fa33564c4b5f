import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { createRedisBus } from "./redis-bus.js";
import type { RedisConnection } from "./redis-connection.js";
import { BUS_GAP } from "./shared-state.js";

/** A connection whose client is an event emitter that records SUBSCRIBE commands. */
function createFakeConnection() {
  const client = Object.assign(new EventEmitter(), {
    subscribed: [] as string[][],
    subscribe: async (...channels: string[]) => {
      client.subscribed.push(channels);
      return channels.length;
    },
    unsubscribe: async () => 0,
    publish: async () => 0,
  });
  const connection = {
    client: client as unknown as Redis,
    started: Promise.resolve(),
    run: <T>(command: (redis: Redis) => Promise<T>) => command(client as unknown as Redis),
    describeState: () => ({ connected: true, detail: "connected" }),
    close: async () => undefined,
  } satisfies RedisConnection;
  return { client, connection };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("createRedisBus", () => {
  it("after its subscriber reconnects, subscribes again and tells the handlers messages may have been missed", async () => {
    const subscriber = createFakeConnection();
    const bus = createRedisBus({ publisher: createFakeConnection().connection, openSubscriber: () => subscriber.connection, prefix: "p:" });
    const heard: string[] = [];
    await bus.subscribe("keys", (message) => heard.push(message));
    subscriber.client.emit("ready"); // the first connection: nothing was missed
    subscriber.client.emit("message", "p:keys", "hash-1");
    await settle();
    expect(heard).toEqual(["hash-1"]);

    subscriber.client.emit("ready"); // reconnected after a drop
    await settle();
    expect(subscriber.client.subscribed.at(-1)).toEqual(["p:keys"]);
    expect(heard).toEqual(["hash-1", BUS_GAP]);
  });
});
