import { createGateway, loadConfig } from "@bedrock-gw/core";
import type { Gateway } from "@bedrock-gw/core";
import { SIMULATOR_CREDENTIALS, startSimulator } from "@bedrock-gw/simulator";

export interface LoadedGateway {
  gateway: Gateway;
  /** flushes the spend log, closes upstream connections (and the simulator, if one was started) */
  close(): Promise<void>;
}

export interface LoadGatewayOptions {
  /** a bedrock-gw / LiteLLM YAML config */
  configPath: string;
  /** run an in-process Bedrock simulator as the upstream of every deployment without an endpoint (no AWS needed) */
  simulate: boolean;
  env: Record<string, string | undefined>;
}

/**
 * The whole of bedrock-gw's core as a library: load the config, build the gateway (a web `Request → Response`
 * handler for `/bedrock/...`), wait until its spend database is ready.
 *
 * @example
 * const { gateway, close } = await loadGateway({ configPath: "bedrock-gw.yaml", simulate: true, env: process.env });
 */
export async function loadGateway(options: LoadGatewayOptions): Promise<LoadedGateway> {
  const simulator = options.simulate ? await startSimulator({ port: 0, host: "127.0.0.1" }) : undefined;
  try {
    const config = loadConfig(options.configPath, {
      env: options.env,
      ...(simulator ? { simulator: { url: simulator.url, credentials: SIMULATOR_CREDENTIALS } } : {}),
    });
    const gateway = createGateway(config);
    await gateway.ready();
    return {
      gateway,
      async close() {
        await gateway.close({ deadlineMs: 5_000 });
        await simulator?.close();
      },
    };
  } catch (error) {
    await simulator?.close();
    throw error;
  }
}
