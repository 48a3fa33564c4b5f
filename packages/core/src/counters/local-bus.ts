/** In-process publish/subscribe with the `SharedState` bus semantics (the publisher's own handlers run too). */
export interface LocalBus {
  publish(channel: string, message: string): void;
  subscribe(channel: string, handler: (message: string) => void): () => void;
  /** handlers currently registered, over all channels */
  readonly size: number;
}

/**
 * @example
 * const bus = createLocalBus();
 * const off = bus.subscribe("keys", (message) => cache.delete(message));
 * bus.publish("keys", keyHash);
 */
export function createLocalBus(options: { onHandlerError?: (error: unknown, channel: string) => void } = {}): LocalBus {
  const channels = new Map<string, Set<(message: string) => void>>();
  let size = 0;
  return {
    publish(channel, message) {
      // A copy: a handler that unsubscribes itself must not skip its neighbour.
      for (const handler of [...(channels.get(channel) ?? [])]) {
        try {
          handler(message);
        } catch (error) {
          options.onHandlerError?.(error, channel);
        }
      }
    },
    subscribe(channel, handler) {
      // Each subscription is its own entry, so the same function subscribed twice is called twice and unsubscribed once.
      const entry = (message: string) => handler(message);
      const handlers = channels.get(channel) ?? new Set();
      handlers.add(entry);
      channels.set(channel, handlers);
      size += 1;
      return () => {
        if (!handlers.delete(entry)) return;
        size -= 1;
        if (handlers.size === 0 && channels.get(channel) === handlers) channels.delete(channel);
      };
    },
    get size() {
      return size;
    },
  };
}
