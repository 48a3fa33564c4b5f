// A benchmark upstream process: the Bedrock simulator on 127.0.0.1, recording no requests (bodies of up to 1 MB
// would otherwise pile up in memory), served by the bench's listener so the upstream sets TCP_NODELAY like a real
// endpoint (see create-dual-listener.ts). Arguments: --port N --latency-ms N --chunk-delay-ms N.
import { parseArgs } from "node:util";
import { createSimulator } from "@bedrock-gw/simulator";
import { createDualListener } from "../floor/create-dual-listener.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "chunk-delay-ms": { type: "string", default: "0" },
  },
});
const simulator = createSimulator({
  latencyMs: Number(values["latency-ms"]),
  chunkDelayMs: Number(values["chunk-delay-ms"]),
  maxRecordedRequests: 0,
});
const listener = createDualListener(simulator.handler);
const url = await listener.listen(Number(values.port), "127.0.0.1");
process.stdout.write(`simulator listening on ${url}\n`);
const stop = (): void => {
  void listener.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
