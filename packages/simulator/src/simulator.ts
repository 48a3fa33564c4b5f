import { createDualProtocolServer } from "@bedrock-gw/core";
import type { DualProtocolServer } from "@bedrock-gw/core";
import { CanonicalSigner } from "./auth/canonical-signer.js";
import { SIMULATOR_API_KEY, SIMULATOR_CREDENTIALS } from "./credentials.js";
import { createEventEncoder } from "./eventstream/encode-event.js";
import { createFaultPlanner } from "./faults/fault-planner.js";
import { createRequestHandler } from "./http/create-request-handler.js";
import { createModelResolver } from "./models/resolve-model.js";
import { OPERATION_HANDLERS } from "./operations/operation-handlers.js";
import { createPromptCache } from "./prompt/prompt-cache.js";
import { createRouteMatcher } from "./routing/match-route.js";
import { createAsyncInvokeStore } from "./state/async-invoke-store.js";
import type { RecordedRequest, Simulator, SimulatorOptions } from "./types.js";

const CLOSE_DEADLINE_MS = 1_000;

/**
 * A local Bedrock (bedrock-runtime and bedrock-agent-runtime on one port) that verifies SigV4 and API keys, answers
 * deterministically with Bedrock's usage fields, writes real event streams, and takes injected faults.
 *
 * @example
 * const simulator = createSimulator({ latencyMs: 20 });
 * const { url } = await simulator.listen();
 * const client = new BedrockRuntimeClient({ region: "us-east-1", endpoint: url, credentials: SIMULATOR_CREDENTIALS });
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const requests: RecordedRequest[] = [];
  const planner = createFaultPlanner();
  const handler = createRequestHandler({
    matchRoute: createRouteMatcher(),
    resolveModel: createModelResolver(options.models),
    operations: OPERATION_HANDLERS,
    planner,
    signer: new CanonicalSigner("bedrock"),
    encoder: createEventEncoder(),
    credentials: options.credentials ?? [SIMULATOR_CREDENTIALS],
    apiKeys: options.apiKeys ?? [SIMULATOR_API_KEY],
    region: options.region,
    latencyMs: options.latencyMs ?? 0,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    padding: options.padding ?? true,
    promptCache: createPromptCache(clock),
    asyncInvokes: createAsyncInvokeStore({ clock, random, durationMs: options.asyncInvokeDurationMs ?? 0 }),
    clock,
    random,
    requests,
    maxRecordedRequests: options.maxRecordedRequests ?? 10_000,
  });
  let server: DualProtocolServer | undefined;

  return {
    handler,
    requests,
    async listen(port = 0, host = "127.0.0.1") {
      if (server) throw new Error("the simulator is already listening; call close() first");
      server = createDualProtocolServer(handler);
      const address = await server.listen(port, host);
      return { url: address.url, port: address.port };
    },
    async close() {
      const closing = server;
      server = undefined;
      await closing?.close(CLOSE_DEADLINE_MS);
    },
    injectFault: (fault) => planner.inject(fault),
    clearFaults: () => planner.clear(),
  };
}

/**
 * Creates a simulator and starts listening (default 127.0.0.1 on a free port).
 *
 * @example
 * const simulator = await startSimulator({ port: 4010 });
 * console.log(simulator.url); // http://127.0.0.1:4010
 * await simulator.close();
 */
export async function startSimulator(options: SimulatorOptions & { port?: number; host?: string } = {}): Promise<Simulator & { url: string }> {
  const { port, host, ...simulatorOptions } = options;
  const simulator = createSimulator(simulatorOptions);
  const { url } = await simulator.listen(port, host);
  return Object.assign(simulator, { url });
}
