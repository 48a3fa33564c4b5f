import { afterAll, beforeAll, beforeEach } from "vitest";
import type { Simulator } from "@bedrock-gw/simulator";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@bedrock-gw/simulator";
import type { GatewayProcess } from "./gateway-process.js";
import { startGatewayProcess, writeConfig } from "./gateway-process.js";

export const MASTER_KEY = "sk-e2e-master-key";
export const SONNET = "us.anthropic.claude-sonnet-4-20250514-v1:0";
export const AIP_ARN = "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abc123xyz";

/** A config whose every target is the given simulator, signed with its credentials. */
/** Pass-through tests see Bedrock's own answers: no retries, no cooldowns (the router has its own suite). */
export const NO_RETRIES = "router_settings:\n  num_retries: 0\n  cooldown_time: 0";

export function createE2eConfig(simulatorUrl: string, extra = "", router = NO_RETRIES): string {
  const keysAt = (indent: string) =>
    [
      `aws_access_key_id: ${SIMULATOR_CREDENTIALS.accessKeyId}`,
      `aws_secret_access_key: ${SIMULATOR_CREDENTIALS.secretAccessKey}`,
      `aws_bedrock_runtime_endpoint: ${simulatorUrl}`,
      `aws_bedrock_agent_runtime_endpoint: ${simulatorUrl}`,
    ]
      .map((line) => `\n${indent}${line}`)
      .join("");
  const keys = keysAt("      ");
  return `
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/${SONNET}
      aws_region_name: us-east-1${keys}
  - model_name: claude-two-regions
    litellm_params:
      model: bedrock/${SONNET}
      aws_region_name: us-east-1${keys}
    model_info: { id: claude-use1 }
  - model_name: claude-two-regions
    litellm_params:
      model: bedrock/${SONNET}
      aws_region_name: us-west-2${keys}
    model_info: { id: claude-usw2 }
  - model_name: claude-aip
    litellm_params:
      model: bedrock/${AIP_ARN}
      aws_region_name: us-west-2${keys}
    model_info: { base_model: anthropic.claude-3-5-sonnet-20240620-v1:0 }
  - model_name: titan-embed
    litellm_params:
      model: amazon.titan-embed-text-v2:0
      aws_region_name: us-east-1${keys}
  - model_name: sonnet45
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0
      aws_region_name: us-east-1${keys}
  - model_name: claude-override
    litellm_params:
      model: bedrock/anthropic.claude-3-haiku-20240307-v1:0
      aws_region_name: us-east-1
      input_cost_per_token: 0.001
      output_cost_per_token: 0.002${keys}
bedrock_defaults:
  aws_region_name: eu-west-1${keysAt("  ")}
${router}
general_settings:
  master_key: ${MASTER_KEY}
  max_request_body_bytes: 262144
${extra}`;
}

export interface E2eEnvironment {
  simulator: Simulator & { url: string };
  gateway: GatewayProcess;
  close(): Promise<void>;
}

/** The simulator in this process, the gateway as a real child process in front of it. */
export async function startE2eEnvironment(
  options: { chunkDelayMs?: number; extraConfig?: string; routerConfig?: string } = {},
): Promise<E2eEnvironment> {
  const simulator = await startSimulator({ port: 0, host: "127.0.0.1", chunkDelayMs: options.chunkDelayMs ?? 0 });
  try {
    const gateway = await startGatewayProcess(["--config", writeConfig(createE2eConfig(simulator.url, options.extraConfig, options.routerConfig))]);
    return {
      simulator,
      gateway,
      async close() {
        await gateway.stop();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

/**
 * Registers the suite's hooks: one environment for the file (started before, stopped after), with the
 * simulator's recorded requests and faults cleared before each test. Read it through the returned getter.
 */
export function useE2eEnvironment(options: Parameters<typeof startE2eEnvironment>[0] = {}): () => E2eEnvironment {
  let env: E2eEnvironment | undefined;
  beforeAll(async () => {
    env = await startE2eEnvironment(options);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(() => {
    env!.simulator.clearFaults();
    env!.simulator.requests.length = 0;
  });
  return () => env!;
}
