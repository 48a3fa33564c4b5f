import * as latestAgent from "@aws-sdk/client-bedrock-agent-runtime";
import * as latestRuntime from "@aws-sdk/client-bedrock-runtime";
import * as lowestAgent from "@aws-sdk/client-bedrock-agent-runtime-lowest";
import * as lowestRuntime from "@aws-sdk/client-bedrock-runtime-lowest";
import { createProxiedBedrockAgentClient, createProxiedBedrockClient, withGateway } from "@bedrock-gw/client";
import type { GatewayOptions } from "@bedrock-gw/client";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export type RuntimeModule = typeof latestRuntime;
export type AgentModule = typeof latestAgent;

/** One way an application gets its clients: an SDK version, a transport, the factory or a retrofit. */
export interface ClientSetup {
  name: string;
  sdk: "latest" | "lowest";
  runtime: RuntimeModule;
  agent: AgentModule;
  createRuntime(options: GatewayOptions): latestRuntime.BedrockRuntimeClient;
  createAgent(options: GatewayOptions): latestAgent.BedrockAgentRuntimeClient;
}

// The lowest SDK's modules have a subset of the latest's commands and the same shapes for those; the cases that
// need newer commands are marked `sdk: "latest"`.
const lowestRuntimeModule = lowestRuntime as unknown as RuntimeModule;
const lowestAgentModule = lowestAgent as unknown as AgentModule;

export const CLIENT_SETUPS: ClientSetup[] = [
  {
    name: "latest SDK, factory, default HTTP/2 handler",
    sdk: "latest",
    runtime: latestRuntime,
    agent: latestAgent,
    createRuntime: (options) => createProxiedBedrockClient({ ...options, maxAttempts: 1 }),
    createAgent: (options) => createProxiedBedrockAgentClient({ ...options, maxAttempts: 1 }),
  },
  {
    name: "latest SDK, factory, NodeHttpHandler (HTTP/1.1)",
    sdk: "latest",
    runtime: latestRuntime,
    agent: latestAgent,
    createRuntime: (options) => createProxiedBedrockClient({ ...options, maxAttempts: 1, requestHandler: new NodeHttpHandler() }),
    createAgent: (options) => createProxiedBedrockAgentClient({ ...options, maxAttempts: 1, requestHandler: new NodeHttpHandler() }),
  },
  {
    name: "latest SDK, withGateway on the app's own clients",
    sdk: "latest",
    runtime: latestRuntime,
    agent: latestAgent,
    createRuntime: (options) => withGateway(new latestRuntime.BedrockRuntimeClient({ maxAttempts: 1 }), options),
    createAgent: (options) => withGateway(new latestAgent.BedrockAgentRuntimeClient({ maxAttempts: 1 }), options),
  },
  {
    name: "lowest SDK (runtime 3.587.0, agent-runtime 3.588.0), withGateway, its default handler (HTTP/1.1)",
    sdk: "lowest",
    runtime: lowestRuntimeModule,
    agent: lowestAgentModule,
    createRuntime: (options) => withGateway(new lowestRuntime.BedrockRuntimeClient({ maxAttempts: 1 }), options) as never,
    createAgent: (options) => withGateway(new lowestAgent.BedrockAgentRuntimeClient({ maxAttempts: 1 }), options) as never,
  },
];
