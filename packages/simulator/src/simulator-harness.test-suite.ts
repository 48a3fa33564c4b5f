import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach } from "vitest";
import { SIMULATOR_API_KEY, SIMULATOR_CREDENTIALS, startSimulator } from "./index.js";
import type { Simulator, SimulatorOptions } from "./index.js";

export type Transport = "h2" | "http/1.1";
export type ClientAuth = "sigv4" | "bearer";

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A simulator on 127.0.0.1:0, closed after the test. */
export async function useSimulator(options: SimulatorOptions = {}): Promise<Simulator & { url: string }> {
  const simulator = await startSimulator(options);
  cleanups.push(() => simulator.close());
  return simulator;
}

interface ClientOptions {
  transport?: Transport;
  auth?: ClientAuth;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  region?: string;
  maxAttempts?: number;
  systemClockOffset?: number;
}

function transportOptions(transport: Transport | undefined): { requestHandler?: NodeHttpHandler } {
  return transport === "http/1.1" ? { requestHandler: new NodeHttpHandler() } : {};
}

/** The SDK's standard retry rules without the backoff wait, so retry tests stay fast. */
function createRetryStrategy(maxAttempts = 1): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, () => 0);
}

/** A stock BedrockRuntimeClient pointed at the simulator (default: the SDK's HTTP/2 handler and SigV4). */
export function useRuntimeClient(url: string, options: ClientOptions = {}): BedrockRuntimeClient {
  const auth =
    options.auth === "bearer"
      ? { token: { token: SIMULATOR_API_KEY }, authSchemePreference: ["httpBearerAuth"] }
      : { credentials: { ...(options.credentials ?? SIMULATOR_CREDENTIALS) } };
  const client = new BedrockRuntimeClient({
    region: options.region ?? "us-east-1",
    endpoint: url,
    retryStrategy: createRetryStrategy(options.maxAttempts),
    ...(options.systemClockOffset !== undefined ? { systemClockOffset: options.systemClockOffset } : {}),
    ...auth,
    ...transportOptions(options.transport),
  });
  cleanups.push(() => client.destroy());
  return client;
}

/** A stock BedrockAgentRuntimeClient pointed at the simulator (SigV4 only, as the service supports). */
export function useAgentClient(url: string, options: ClientOptions = {}): BedrockAgentRuntimeClient {
  const client = new BedrockAgentRuntimeClient({
    region: options.region ?? "us-east-1",
    endpoint: url,
    retryStrategy: createRetryStrategy(options.maxAttempts),
    credentials: { ...(options.credentials ?? SIMULATOR_CREDENTIALS) },
    ...transportOptions(options.transport),
  });
  cleanups.push(() => client.destroy());
  return client;
}

/**
 * Records the raw response headers of every call, read in a deserialize-step middleware as a gateway user would
 * read Bedrock's unmodeled token-count headers.
 */
export function captureResponseHeaders(client: BedrockRuntimeClient | BedrockAgentRuntimeClient): Array<Record<string, string>> {
  type Next = (args: unknown) => Promise<{ response: unknown }>;
  // both clients' stacks take the same deserialize middleware; only their input/output type parameters differ
  const stack = client.middlewareStack as unknown as {
    add(middleware: (next: Next) => Next, options: { step: "deserialize"; name: string }): void;
  };
  const seen: Array<Record<string, string>> = [];
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { headers?: Record<string, string> };
      seen.push({ ...response.headers });
      return result;
    },
    { step: "deserialize", name: "captureResponseHeaders" },
  );
  return seen;
}

/** Collects an SDK event stream into a list of `{member: value}` events. */
export async function collectEvents<T>(stream: AsyncIterable<T> | undefined): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

export const TRANSPORTS: readonly Transport[] = ["h2", "http/1.1"];
export const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
export const SONNET_PROFILE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
