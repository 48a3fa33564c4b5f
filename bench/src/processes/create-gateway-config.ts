import { SIMULATOR_CREDENTIALS } from "@bedrock-gw/simulator";
import type { UpstreamName } from "../client/bench-targets.js";
import { BENCH_MODEL_ID } from "../client/converse-bodies.js";

export const BENCH_MASTER_KEY = "sk-bench-master-key";

/** The config model group that points at each simulator. */
export const BENCH_MODEL_GROUPS: Readonly<Record<UpstreamName, string>> = { fast: "bench", slow: "bench-slow", hold: "bench-hold" };

/**
 * The gateway's config for the run: one model group per simulator, SigV4 with the simulator's keys, a master key,
 * everything else at its defaults (spend rows to the embedded database, one log line per request).
 *
 * @example
 * writeFileSync(path, createGatewayConfig({ fast: "http://127.0.0.1:80", slow: "...", hold: "..." }));
 */
export function createGatewayConfig(upstreams: Readonly<Record<UpstreamName, string>>): string {
  const groups = (Object.keys(BENCH_MODEL_GROUPS) as UpstreamName[]).map(
    (upstream) => `
  - model_name: ${BENCH_MODEL_GROUPS[upstream]}
    litellm_params:
      model: bedrock/${BENCH_MODEL_ID}
      aws_region_name: us-east-1
      aws_access_key_id: ${SIMULATOR_CREDENTIALS.accessKeyId}
      aws_secret_access_key: ${SIMULATOR_CREDENTIALS.secretAccessKey}
      aws_bedrock_runtime_endpoint: ${upstreams[upstream]}`,
  );
  return `model_list:${groups.join("")}
general_settings:
  master_key: ${BENCH_MASTER_KEY}
`;
}
