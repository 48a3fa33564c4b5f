import { afterAll, beforeAll } from "vitest";
import { MASTER_KEY } from "./fixtures.js";
import type { GatewayProcess } from "./gateway-process.js";
import { startGatewayProcess } from "./gateway-process.js";

/**
 * `bedrock-gw serve --simulate` as a real child process (the README quickstart: built-in config with the groups
 * claude, nova, llama and titan-embed; the built-in simulator upstream), with the e2e master key so that keys are
 * checked. Started before the file's tests, stopped after; read it through the returned getter.
 */
export function useSimulateGateway(extraArgs: string[] = [], env: Record<string, string> = {}): () => GatewayProcess {
  let gateway: GatewayProcess | undefined;
  beforeAll(async () => {
    gateway = await startGatewayProcess(["--simulate", ...extraArgs], { BEDROCK_GW_MASTER_KEY: MASTER_KEY, ...env });
  });
  afterAll(async () => {
    await gateway?.stop();
  });
  return () => gateway!;
}
