import type { ForwardInput } from "../gateway/forward-call.js";
import { classifyPath } from "../routing/classify-path.js";
import type { UpstreamResponse } from "../upstream/upstream-client.js";
import type { HealthProbe } from "./start-health-checks.js";

export interface CountTokensProbeOptions {
  /** a check that has no answer by then fails as a timeout */
  timeoutMs: number;
}

/**
 * The health probe bedrock-gw uses: a CountTokens call (free of charge) with a one-word Converse prompt, built as
 * a call to the deployment's model and handed to `forward` (the gateway's own signing and forwarding path), so a
 * check sees what a call would see: the deployment's endpoint, region, credentials and timeouts.
 *
 * @example
 * const probe = createCountTokensProbe((input) => forwardCall(input, forwardDeps), { timeoutMs: 10_000 });
 * const response = await probe(deployment, AbortSignal.timeout(15_000)); // 200 {"inputTokens": 8}
 */
export function createCountTokensProbe(forward: (input: ForwardInput) => Promise<UpstreamResponse>, options: CountTokensProbeOptions): HealthProbe {
  const classified = classifyPath("POST", "/model/health-check/count-tokens");
  if (classified.kind !== "operation") throw new Error("the operation table has no CountTokens route");
  const body = new TextEncoder().encode(JSON.stringify({ input: { converse: { messages: [{ role: "user", content: [{ text: "ping" }] }] } } }));
  const { service, operation } = classified.spec;
  return (deployment, signal) =>
    forward({
      plan: {
        service,
        operation,
        target: deployment,
        path: classified.toUpstreamPath(deployment.modelId),
        modelGroup: deployment.modelName,
        deployment,
        modelId: deployment.modelId,
      },
      method: "POST",
      rawQuery: "",
      clientHeaders: new Headers({ "content-type": "application/json" }),
      body,
      signal,
      timeoutMs: options.timeoutMs,
    });
}
