import { Redis } from "ioredis";
import { StateUnavailableError } from "./state-unavailable-error.js";

export interface RedisConnectionOptions {
  url: string;
  /** how long the first connection may take before calls start failing fast (default 2000 ms) */
  connectTimeoutMs?: number;
  /** a command without an answer after this long fails (a half-open connection; default 2000 ms) */
  commandTimeoutMs?: number;
  /** reconnect backoff cap (default 2000 ms); reconnecting never stops */
  maxReconnectDelayMs?: number;
}

/** One ioredis connection whose calls fail fast with `StateUnavailableError` while Redis is away. */
export interface RedisConnection {
  readonly client: Redis;
  /** runs `command` when connected, else throws `StateUnavailableError` at once (no offline queue, no hang) */
  run<T>(command: (client: Redis) => Promise<T>): Promise<T>;
  /** resolves once the first connection attempt has settled (connected, failed or timed out) */
  readonly started: Promise<void>;
  describeState(): { connected: boolean; detail: string };
  close(): Promise<void>;
}

/**
 * Why fail fast: a rate-limit check that waits for Redis would stall every request; `createResilientState` needs
 * the error at once to answer from its local fallback. The offline queue is off, a retry per request is capped,
 * and commands time out; reconnecting continues in the background with a capped backoff.
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const client = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    autoResubscribe: false,
    // A command cut off mid-flight has already failed over to the fallback; replaying it later would count twice.
    autoResendUnfulfilledCommands: false,
    connectTimeout: connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs ?? 2000,
    retryStrategy: (attempt: number) => Math.min(maxDelay, 50 * 2 ** Math.min(attempt, 10)),
  });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  client.on("ready", () => {
    lastError = undefined;
  });
  const started = waitForFirstReady(client, connectTimeoutMs);

  const describeState = () => {
    const connected = client.status === "ready";
    const reason = lastError ? `: ${lastError.message}` : "";
    return { connected, detail: connected ? "connected" : `redis connection ${client.status}${reason}` };
  };

  return {
    client,
    started,
    describeState,
    async run(command) {
      await started;
      if (client.status !== "ready") throw new StateUnavailableError("redis", describeState().detail);
      try {
        return await command(client);
      } catch (error) {
        // A ReplyError is Redis answering (a script error, a wrong type): a bug to surface, not an outage.
        if (error instanceof Error && error.name === "ReplyError") throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new StateUnavailableError("redis", `redis command failed: ${message}`, { cause: error });
      }
    },
    async close() {
      try {
        if (client.status === "ready") await client.quit();
      } catch {
        // Closing anyway: disconnect below drops the socket whatever quit managed.
      } finally {
        client.disconnect();
      }
    },
  };
}

function waitForFirstReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      client.off("end", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    timer.unref();
    client.once("ready", done);
    client.once("end", done);
  });
}
