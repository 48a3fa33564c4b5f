import process from "node:process";
import { CLUSTER_STATE_TAG, fromWireError, isClusterMessage } from "./cluster-protocol.js";
import type { ClusterCall, ClusterOp, ClusterOps } from "./cluster-protocol.js";
import { StateUnavailableError } from "./state-unavailable-error.js";

/** The part of `process` (in a cluster worker) the worker state talks through; tests pass a fake. */
export interface ClusterChannel {
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

/** Request/reply to the cluster primary over a channel, with ids and timeouts. */
export interface ClusterRpc {
  call<K extends ClusterOp>(op: K, args: ClusterOps[K]["args"]): Promise<ClusterOps[K]["result"]>;
  /** stops listening; calls still waiting fail with `StateUnavailableError` */
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Why timeouts: a primary that hangs or died must not hang every request in every worker. */
export function createClusterRpc(options: { channel: ClusterChannel; timeoutMs: number; onPush(channel: string, message: string): void }): ClusterRpc {
  const { channel, timeoutMs } = options;
  const pending = new Map<number, Pending>();
  let nextId = 0;

  const settle = (id: number, outcome: { value: unknown } | { error: Error }) => {
    const request = pending.get(id);
    if (!request) return;
    pending.delete(id);
    clearTimeout(request.timer);
    if ("error" in outcome) request.reject(outcome.error);
    else request.resolve(outcome.value);
  };
  const unavailable = (message: string, cause?: unknown) => ({ error: new StateUnavailableError("cluster", message, { cause }) });

  const listener = (message: unknown) => {
    if (!isClusterMessage(message)) return;
    if (message.kind === "message") return options.onPush(message.channel, message.message);
    if (message.kind !== "reply") return;
    // undefined crosses IPC as null; no operation answers a meaningful null, so it turns back into undefined.
    settle(message.id, message.ok ? { value: message.value ?? undefined } : { error: fromWireError(message.error) });
  };
  channel.on("message", listener);

  return {
    call(op, args) {
      nextId += 1;
      const id = nextId;
      const message: ClusterCall = { tag: CLUSTER_STATE_TAG, kind: "call", id, op, args: [...args] };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle(id, unavailable(`the cluster primary did not answer "${op}" within ${timeoutMs} ms`)), timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        const onSent = (error: Error | null) => {
          if (error) settle(id, unavailable(`cannot reach the cluster primary: ${error.message}`, error));
        };
        try {
          channel.send(message, onSent);
        } catch (error) {
          onSent(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    close() {
      channel.off("message", listener);
      for (const id of [...pending.keys()]) settle(id, unavailable("the cluster worker state is closed"));
    },
  };
}

/** This process's IPC channel (a cluster worker's link to the primary). */
export function readProcessChannel(): ClusterChannel {
  const send = process.send?.bind(process);
  if (!send) throw new Error("createClusterWorkerState needs an IPC channel: run it in a cluster worker, or pass `channel`");
  return {
    send: (message, callback) => send(message, undefined, undefined, callback),
    on: (event, listener) => process.on(event, listener),
    off: (event, listener) => process.off(event, listener),
  };
}
