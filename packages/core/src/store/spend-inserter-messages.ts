import type { SpendRecord } from "./spend-record.js";

/** What the spend inserter's worker thread is started with. */
export interface InserterWorkerData {
  path: string;
  busyTimeoutMs: number;
}

/** Gateway → worker: a batch to insert (answered by id), or the end. */
export type InserterRequest = { type: "insert"; id: number; records: readonly SpendRecord[] } | { type: "close" };

/** Worker → gateway: the batch with this id is stored, or failed whole with this error. */
export interface InserterReply {
  id: number;
  error?: { message: string; name?: string; code?: string };
}
