import { CLUSTER_STATE_TAG, isClusterMessage, toWireError } from "./cluster-protocol.js";
import type { ClusterCall, ClusterOp, ClusterOps, ClusterPush, ClusterReply, ForwardedOp } from "./cluster-protocol.js";
import type { SharedState } from "./shared-state.js";

/** The part of a `node:cluster` Worker the primary uses. */
export interface ClusterWorkerLike {
  readonly id: number;
  /** the callback receives a send error (the worker went away) instead of an "error" event */
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

/** The part of `node:cluster` the primary uses. */
export interface ClusterLike {
  readonly workers?: Readonly<Record<string, ClusterWorkerLike | undefined>> | undefined;
  on(event: "fork" | "exit", listener: (worker: ClusterWorkerLike) => void): unknown;
  off(event: "fork" | "exit", listener: (worker: ClusterWorkerLike) => void): unknown;
}

type Handler<K extends keyof ClusterOps> = (state: SharedState, args: ClusterOps[K]["args"]) => Promise<ClusterOps[K]["result"]>;

const FORWARDED: { [K in ForwardedOp]: Handler<K> } = {
  consume: (state, args) => state.consume(...args),
  record: (state, args) => state.record(...args),
  peek: (state, args) => state.peek(...args),
  adjustBudget: (state, args) => state.adjustBudget(...args),
  readBudget: (state, args) => state.readBudget(...args),
  acquire: (state, args) => state.acquire(...args),
  release: (state, args) => state.release(...args),
  countSlots: (state, args) => state.countSlots(...args),
  setValue: (state, args) => state.setValue(...args),
  getValues: (state, args) => state.getValues(...args),
  publish: (state, args) => state.publish(...args),
  health: (state) => state.health(),
};

function isForwardedOp(op: ClusterOp): op is ForwardedOp {
  return Object.hasOwn(FORWARDED, op);
}

/** How often a seeded reservation is retried when it joined a concurrent unseeded one's "missing". */
const SEEDED_ATTEMPTS = 3;

/**
 * Serves `state` to every cluster worker over IPC (`serve --workers N` without Redis): each worker call is one
 * message to the primary, answered in order on its single thread, so every operation stays atomic across workers.
 * Workers forked later are served too; an exited worker's subscriptions are dropped. Returns a function that
 * stops serving.
 *
 * @example
 * const state = createMemoryState();
 * const detach = attachClusterStatePrimary(cluster, state);
 * for (let i = 0; i < 4; i++) cluster.fork();
 */
export function attachClusterStatePrimary(cluster: ClusterLike, state: SharedState): () => void {
  const sessions = new Map<ClusterWorkerLike, { listener: (message: unknown) => void; subscriptions: Map<string, () => Promise<void>> }>();
  const missing = new Error("budget counter missing; the worker sends a seed");

  const reserveBudget = async ([key, amount, limit, expiresAt, seed]: ClusterOps["reserveBudget"]["args"]) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await state.reserveBudget(key, amount, limit, expiresAt, seed === null ? () => Promise.reject(missing) : async () => seed);
      } catch (error) {
        if (error !== missing) throw error;
        if (seed === null || attempt >= SEEDED_ATTEMPTS) return "missing" as const;
      }
    }
  };

  const answer = async (worker: ClusterWorkerLike, call: ClusterCall): Promise<unknown> => {
    const { op } = call;
    if (isForwardedOp(op)) return await (FORWARDED[op] as Handler<ForwardedOp>)(state, call.args as never);
    const session = sessions.get(worker);
    const channel = String(call.args[0]);
    switch (op) {
      case "reserveBudget":
        return await reserveBudget(call.args as ClusterOps["reserveBudget"]["args"]);
      case "subscribe":
        if (session && !session.subscriptions.has(channel)) {
          const push = (message: string) => send(worker, { tag: CLUSTER_STATE_TAG, kind: "message", channel, message });
          session.subscriptions.set(channel, await state.subscribe(channel, push));
        }
        return null;
      case "unsubscribe":
        await session?.subscriptions.get(channel)?.();
        session?.subscriptions.delete(channel);
        return null;
    }
  };

  const attach = (worker: ClusterWorkerLike) => {
    if (sessions.has(worker)) return;
    const listener = (message: unknown) => {
      if (!isClusterMessage(message) || message.kind !== "call") return;
      answer(worker, message).then(
        (value) => send(worker, { tag: CLUSTER_STATE_TAG, kind: "reply", id: message.id, ok: true, value: value ?? null }),
        (error: unknown) => send(worker, { tag: CLUSTER_STATE_TAG, kind: "reply", id: message.id, ok: false, error: toWireError(error) }),
      );
    };
    sessions.set(worker, { listener, subscriptions: new Map() });
    worker.on("message", listener);
  };

  const detach = (worker: ClusterWorkerLike) => {
    const session = sessions.get(worker);
    if (!session) return;
    sessions.delete(worker);
    worker.off("message", session.listener);
    for (const unsubscribe of session.subscriptions.values()) void unsubscribe();
  };

  for (const worker of Object.values(cluster.workers ?? {})) if (worker) attach(worker);
  cluster.on("fork", attach);
  cluster.on("exit", detach);
  return () => {
    cluster.off("fork", attach);
    cluster.off("exit", detach);
    for (const worker of [...sessions.keys()]) detach(worker);
  };
}

function send(worker: ClusterWorkerLike, message: ClusterReply | ClusterPush): void {
  try {
    // A worker that went away cannot be answered; its "exit" event detaches it.
    worker.send(message, () => undefined);
  } catch {
    // Same: the channel closed under us.
  }
}
