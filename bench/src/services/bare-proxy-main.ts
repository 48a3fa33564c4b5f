// The floor's process: a bare reverse proxy in front of one upstream. Arguments: --upstream URL.
import { parseArgs } from "node:util";
import { createBareProxy } from "../floor/create-bare-proxy.js";

const { values } = parseArgs({ options: { upstream: { type: "string" } } });
if (!values.upstream) throw new Error("--upstream URL is required");
const proxy = createBareProxy(values.upstream);
const url = await proxy.listen(0, "127.0.0.1");
process.stdout.write(`bare proxy listening on ${url}\n`);
const stop = (): void => {
  void proxy.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
