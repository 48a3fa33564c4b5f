// The worker thread behind createThreadedSpendInserter: it owns the synchronous SQLite connection, so a batch's
// inserts (several milliseconds for hundreds of rows) never hold up the gateway's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { createSqliteSpendInserter } from "./create-sqlite-spend-inserter.js";
import type { InserterReply, InserterRequest, InserterWorkerData } from "./spend-inserter-messages.js";

const port = parentPort;
if (port === null) throw new Error("spend-inserter-worker runs only as a worker thread");
const { path, busyTimeoutMs } = workerData as InserterWorkerData;
const inserter = createSqliteSpendInserter({ path, busyTimeoutMs });

port.on("message", (request: InserterRequest) => {
  if (request.type === "close") {
    inserter.close();
    port.close();
    return;
  }
  let reply: InserterReply;
  try {
    inserter.insert(request.records);
    reply = { id: request.id };
  } catch (error) {
    reply = { id: request.id, error: describeError(error) };
  }
  port.postMessage(reply);
});

function describeError(error: unknown): NonNullable<InserterReply["error"]> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  return { message: error.message, name: error.name, ...(code === undefined ? {} : { code }) };
}
