/** What the spend inserter's worker thread is started with. */
export interface InserterWorkerData {
  path: string;
  busyTimeoutMs: number;
}

/**
 * Gateway → worker: a batch to insert (answered by id), or the end. The batch travels as the JSON text of its
 * encoded insert parameters: copying one string costs a fraction of structured-cloning hundreds of records.
 */
export type InserterRequest = { type: "insert"; id: number; values: string } | { type: "close" };

/** Worker → gateway: the batch with this id is stored, or failed whole with this error. */
export interface InserterReply {
  id: number;
  error?: { message: string; name?: string; code?: string };
}
