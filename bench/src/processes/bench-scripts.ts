import { fileURLToPath } from "node:url";

/** The compiled entry points the benchmark spawns (paths from bench/dist/processes/). */
export const BENCH_SCRIPTS = {
  simulator: fileURLToPath(new URL("../services/simulator-main.js", import.meta.url)),
  bareProxy: fileURLToPath(new URL("../services/bare-proxy-main.js", import.meta.url)),
  forceLoopback: new URL("../services/force-loopback.js", import.meta.url).href,
  allocationSampler: new URL("../profile/allocation-sampler.js", import.meta.url).href,
  gatewayCli: fileURLToPath(new URL("../../../packages/cli/bin/bedrock-gw.js", import.meta.url)),
} as const;
