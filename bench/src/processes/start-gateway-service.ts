import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { BENCH_SCRIPTS } from "./bench-scripts.js";
import type { Service, ServiceRegistry } from "./spawn-service.js";

export interface GatewayServiceOptions {
  name: string;
  configPath: string;
  workDir: string;
  cpus: string | undefined;
  /** extra `serve` arguments, e.g. ["--workers", "2"] */
  serveArgs?: string[];
  /** node flags before the CLI, e.g. ["--cpu-prof"] */
  nodeFlags?: string[];
  /** more environment variables for the gateway */
  env?: Record<string, string>;
}

/**
 * Starts the built gateway CLI (`bedrock-gw serve --config ... --port 0`) with its own data dir and log file.
 *
 * @example
 * const gateway = await startGatewayService(services, { name: "gateway", configPath, workDir, cpus: "1" });
 */
export function startGatewayService(services: ServiceRegistry, options: GatewayServiceOptions): Promise<Service> {
  const dataDir = mkdtempSync(join(options.workDir, `${options.name}-data-`));
  return services.start({
    name: options.name,
    nodeArgs: [...(options.nodeFlags ?? []), BENCH_SCRIPTS.gatewayCli, "serve", "--config", options.configPath, "--port", "0", ...(options.serveArgs ?? [])],
    cpus: options.cpus,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      AWS_EC2_METADATA_DISABLED: "true",
      BEDROCK_GW_DATA_DIR: dataDir,
      ...options.env,
    },
    cwd: options.workDir,
    logFile: join(options.workDir, `${options.name}.log`),
    readyPattern: /listening on (http\S+)/,
  });
}
