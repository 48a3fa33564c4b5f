import { createSigV4Signer } from "@bedrock-gw/core";
import { SIMULATOR_CREDENTIALS } from "@bedrock-gw/simulator";
import type { Protocol } from "../options/bench-presets.js";
import { BENCH_MODEL_ID, createConverseBody, createOpenAiChatBody, createToolStreamBody } from "./converse-bodies.js";
import type { BenchRequest } from "./http-client.js";

/** `gateway-key`: the gateway with a virtual key (W6); `gateway-workers`: `serve --workers 2` (W7) */
export type TargetName = "direct" | "bare" | "gateway" | "peer" | "gateway-key" | "gateway-workers";
/** fast: zero latency; slow: 60 ms before headers; hold: 1 s between stream events (W5) */
export type UpstreamName = "fast" | "slow" | "hold";
export type CallShape = { kind: "converse"; bytes: number } | { kind: "converse-stream" };

/** A way to reach the simulator: straight, through the bare proxy, the gateway or the peer. */
export interface BenchTarget {
  name: TargetName;
  /** the process whose CPU and memory this target adds when calling that upstream (none for direct) */
  pidFor(upstream: UpstreamName): number | undefined;
  /** where the client connects for this upstream; undefined when the target cannot reach it */
  origin(upstream: UpstreamName): string | undefined;
  supports(protocol: Protocol, shape: CallShape): boolean;
  /** builds (and signs, where the target needs the client to sign) one request; call it per measurement */
  prepare(shape: CallShape, upstream: UpstreamName): Promise<BenchRequest>;
}

const REGION = "us-east-1";
const OPERATION_PATH: Readonly<Record<CallShape["kind"], string>> = { converse: "converse", "converse-stream": "converse-stream" };

function createBody(shape: CallShape): Buffer {
  return shape.kind === "converse" ? createConverseBody(shape.bytes) : createToolStreamBody();
}

/**
 * Requests signed with SigV4 for the simulator itself, as an AWS SDK would send them: used straight (direct) and
 * through the bare proxy, which keeps the Host header so the signature holds. Signed per measurement (the
 * simulator, like AWS, refuses signatures older than 5 minutes).
 */
function createSignedRequestFactory(upstreams: Readonly<Record<UpstreamName, string>>) {
  const signer = createSigV4Signer({ region: REGION, credentials: async () => ({ ...SIMULATOR_CREDENTIALS }) });
  return async (shape: CallShape, upstream: UpstreamName): Promise<BenchRequest> => {
    const url = new URL(upstreams[upstream]);
    const path = `/model/${encodeURIComponent(BENCH_MODEL_ID)}/${OPERATION_PATH[shape.kind]}`;
    const body = createBody(shape);
    const headers = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path,
      query: {},
      headers: { host: url.host, "content-type": "application/json" },
      body,
    });
    return { path, headers, body };
  };
}

/** The client calls the simulator itself: the baseline every "added" figure subtracts. */
export function createDirectTarget(upstreams: Readonly<Record<UpstreamName, string>>): BenchTarget {
  const prepare = createSignedRequestFactory(upstreams);
  return { name: "direct", pidFor: () => undefined, origin: (upstream) => upstreams[upstream], supports: () => true, prepare };
}

/** The floor: the same signed request through a bare proxy (one per upstream). */
export function createBareTarget(
  upstreams: Readonly<Record<UpstreamName, string>>,
  proxies: Readonly<Record<UpstreamName, { url: string; pid: number }>>,
): BenchTarget {
  const prepare = createSignedRequestFactory(upstreams);
  return { name: "bare", pidFor: (upstream) => proxies[upstream].pid, origin: (upstream) => proxies[upstream].url, supports: () => true, prepare };
}

/** The gateway: Bedrock's path under /bedrock, a config model group per upstream, the gateway key as Bearer. */
export function createGatewayTarget(options: {
  url: string;
  pid: number;
  apiKey: string;
  modelGroups: Readonly<Record<UpstreamName, string>>;
  name?: TargetName;
}): BenchTarget {
  return {
    name: options.name ?? "gateway",
    pidFor: () => options.pid,
    origin: () => options.url,
    supports: () => true,
    async prepare(shape, upstream) {
      const path = `/bedrock/model/${encodeURIComponent(options.modelGroups[upstream])}/${OPERATION_PATH[shape.kind]}`;
      return { path, headers: { "content-type": "application/json", authorization: `Bearer ${options.apiKey}` }, body: createBody(shape) };
    },
  };
}

/**
 * The npm peer (Portkey's gateway): OpenAI chat completions in, Bedrock Converse out, signed by the peer with the
 * AWS keys it is given in headers, sent to the simulator as its custom host. HTTP/1.1 only, non-streaming only.
 */
export function createPeerTarget(options: { url: string; pid: number; upstream: string }): BenchTarget {
  const headers = {
    "content-type": "application/json",
    "x-portkey-provider": "bedrock",
    "x-portkey-aws-access-key-id": SIMULATOR_CREDENTIALS.accessKeyId,
    "x-portkey-aws-secret-access-key": SIMULATOR_CREDENTIALS.secretAccessKey,
    "x-portkey-aws-region": REGION,
    "x-portkey-custom-host": options.upstream,
  };
  return {
    name: "peer",
    pidFor: () => options.pid,
    origin: (upstream) => (upstream === "fast" ? options.url : undefined),
    supports: (protocol, shape) => protocol === "h1" && shape.kind === "converse",
    async prepare(shape) {
      if (shape.kind !== "converse") throw new Error("the peer takes part in Converse workloads only");
      return { path: "/v1/chat/completions", headers, body: createOpenAiChatBody(shape.bytes, BENCH_MODEL_ID) };
    },
  };
}
