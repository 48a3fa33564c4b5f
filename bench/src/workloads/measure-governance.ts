import type { BenchTarget } from "../client/bench-targets.js";
import { createGatewayTarget } from "../client/bench-targets.js";
import { BENCH_MASTER_KEY, BENCH_MODEL_GROUPS } from "../processes/create-gateway-config.js";
import type { Skipped, ThroughputRow } from "../report/bench-results.js";
import { measureThroughput } from "./measure-saturation.js";
import type { WorkloadContext } from "./workload-context.js";

/** Limits high enough never to refuse a benchmark call, so what is measured is the cost of checking them. */
const KEY_REQUEST = {
  key_alias: "bench-governance",
  models: [BENCH_MODEL_GROUPS.fast],
  rpm_limit: 1_000_000_000,
  max_budget: 1_000_000,
  budget_duration: "30d",
};

/**
 * Asks the gateway for a virtual key with an rpm limit and a budget; a gateway without `/key/generate` yields
 * the reason instead.
 *
 * @example
 * const key = await generateVirtualKey("http://127.0.0.1:4000"); // "sk-..." | { skipped: "..." }
 */
export async function generateVirtualKey(gatewayUrl: string): Promise<string | Skipped> {
  let response: Response;
  try {
    response = await fetch(`${gatewayUrl}/key/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${BENCH_MASTER_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(KEY_REQUEST),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return { skipped: `POST /key/generate failed: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (response.status === 404) return { skipped: "POST /key/generate answered 404: this gateway build has no virtual keys yet" };
  if (response.status !== 200) return { skipped: `POST /key/generate answered ${response.status}: ${text.slice(0, 200)}` };
  const key = (JSON.parse(text) as { key?: unknown }).key;
  return typeof key === "string" ? key : { skipped: `POST /key/generate answered without a key: ${text.slice(0, 200)}` };
}

/**
 * W6: governance on. A virtual key with an rpm limit and a budget (spend rows go to the embedded database, as in
 * every gateway workload), closed loop on HTTP/1.1 against the bare proxy and the gateway with its master key.
 *
 * @example
 * const result = await measureGovernance(context); // { connections, rows } | { skipped }
 */
export async function measureGovernance(context: WorkloadContext): Promise<{ connections: number; rows: ThroughputRow[] } | Skipped> {
  const { w6 } = context.preset;
  const key = await generateVirtualKey(context.env.gateway.url);
  if (typeof key !== "string") return key;
  context.log(`W6 governance: virtual key with rpm limit and budget, ${w6.connections} connections`);
  const keyed = createGatewayTarget({ name: "gateway-key", url: context.env.gateway.url, pid: context.env.gateway.pid, apiKey: key, modelGroups: BENCH_MODEL_GROUPS });
  const targets: BenchTarget[] = [...context.env.targets.filter((target) => target.name === "bare" || target.name === "gateway"), keyed];
  const rows = await measureThroughput(targets, { protocol: "h1", upstream: "fast", upstreamPid: context.env.simulators.fast.pid, ...w6 });
  return { connections: w6.connections, rows };
}
