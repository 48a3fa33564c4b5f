import type { ConsumeResult, SharedState } from "./shared-state.js";

/*
 * The IPC messages between cluster workers and the primary that holds the state. Every message carries the tag,
 * so they share the channel with whatever else the server sends over it.
 */

export const CLUSTER_STATE_TAG = "bedrock-gw:shared-state";

/** Operations a worker forwards as they are: the arguments and result of the `SharedState` method of that name. */
export type ForwardedOp =
  | "consume"
  | "record"
  | "peek"
  | "adjustBudget"
  | "readBudget"
  | "acquire"
  | "release"
  | "countSlots"
  | "setValue"
  | "getValues"
  | "publish"
  | "health";

export type ClusterOps = {
  [K in ForwardedOp]: { args: Parameters<SharedState[K]>; result: Awaited<ReturnType<SharedState[K]>> };
} & {
  /** `initial()` cannot cross IPC: without a seed the primary answers "missing" and the worker retries with one */
  reserveBudget: { args: [key: string, amount: number, limit: number, expiresAt: number, seed: number | null]; result: ConsumeResult | "missing" };
  subscribe: { args: [channel: string]; result: null };
  unsubscribe: { args: [channel: string]; result: null };
};
export type ClusterOp = keyof ClusterOps;

export interface ClusterCall {
  tag: typeof CLUSTER_STATE_TAG;
  kind: "call";
  id: number;
  op: ClusterOp;
  args: unknown[];
}

export type ClusterReply =
  | { tag: typeof CLUSTER_STATE_TAG; kind: "reply"; id: number; ok: true; value: unknown }
  | { tag: typeof CLUSTER_STATE_TAG; kind: "reply"; id: number; ok: false; error: { name: string; message: string } };

/** a bus message pushed to a subscribed worker */
export interface ClusterPush {
  tag: typeof CLUSTER_STATE_TAG;
  kind: "message";
  channel: string;
  message: string;
}

export type ClusterMessage = ClusterCall | ClusterReply | ClusterPush;

export function isClusterMessage(value: unknown): value is ClusterMessage {
  return typeof value === "object" && value !== null && (value as { tag?: unknown }).tag === CLUSTER_STATE_TAG;
}

/** Errors cross IPC as name and message; the stack stays in the primary. */
export function toWireError(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}

export function fromWireError(error: { name: string; message: string }): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
