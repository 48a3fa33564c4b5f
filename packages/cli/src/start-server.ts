import type { Gateway, GatewayDeps, ResolvedConfig, YoungGenerationHold } from "@bedrock-gw/core";
import { createDualProtocolServer, createGateway, createLogger, limitHeapGrowth, loadConfig, parseConfigText, readYoungGenerationSize, releaseMemoryWhenIdle, simulateConfigText } from "@bedrock-gw/core";
import { readFileSync } from "node:fs";
import { toNodeHandler } from "h3";
import { createApp } from "./create-app.js";
import { closeUnreadConnections } from "./close-unread-connections.js";
import { routeBedrockCalls } from "./route-bedrock-calls.js";
import { guardRequestTarget } from "./guard-request-target.js";
import { holdYoungGeneration } from "./hold-young-generation.js";

export interface ServeOptions {
  /** path of the YAML config; without it, `simulate` must be set (the built-in demo config is used) */
  configPath?: string;
  port?: number;
  host?: string;
  /** run a built-in Bedrock simulator as the upstream of every target that names no endpoint */
  simulate?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  /** serve without a master key on a non-loopback host */
  allowOpen?: boolean;
  env?: Record<string, string | undefined>;
  /** how long SIGTERM waits for in-flight requests */
  drainMs?: number;
  /** replaces parts of the gateway (a cluster worker's shared state and spend sink) */
  gatewayDeps?: (config: ResolvedConfig) => Partial<GatewayDeps>;
}

export interface RunningServer {
  url: string;
  port: number;
  gateway: Gateway;
  config: ResolvedConfig;
  /** drains in-flight requests (up to the deadline), then closes the gateway and the simulator */
  close(deadlineMs?: number): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Starts the gateway: config → core gateway → h3 app → one port speaking HTTP/1.1 and h2c (TLS with ALPN when
 * given a certificate). Used by `bedrock-gw serve` and directly by tests.
 *
 * @example
 * const server = await startServer({ simulate: true, port: 0 });
 * console.log(server.url); // http://127.0.0.1:54321
 * await server.close();
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? env.HOST ?? "127.0.0.1";
  const port = options.port ?? (env.PORT ? Number(env.PORT) : 4000);
  const configPath = options.configPath ?? env.BEDROCK_GW_CONFIG;
  // loaded only with --simulate: a gateway in front of real Bedrock does not carry the simulator in memory
  const simulatorModule = options.simulate ? await import("@bedrock-gw/simulator") : undefined;
  const simulator = simulatorModule ? await simulatorModule.startSimulator({ port: 0, host: "127.0.0.1" }) : undefined;
  const simulatorOption =
    simulator && simulatorModule ? { simulator: { url: simulator.url, credentials: simulatorModule.SIMULATOR_CREDENTIALS } } : {};
  let youngGeneration: YoungGenerationHold | undefined;
  try {
    const config = configPath
      ? loadConfig(configPath, { env, ...simulatorOption })
      : simulator
        ? parseConfigText(simulateConfigText(), { env, ...simulatorOption })
        : failNoConfig();
    if (!config.general.masterKey && !LOOPBACK.has(host) && !options.allowOpen) {
      throw new Error(
        `Refusing to serve without a master key on ${host}: anyone who can reach it could spend your AWS account. ` +
          "Set general_settings.master_key (or BEDROCK_GW_MASTER_KEY), listen on 127.0.0.1, or pass --allow-open.",
      );
    }
    // process-wide, so only here (the CLI owns its process), before the gateway's own allocations
    limitHeapGrowth(config.general.heapGrowthPercent);
    // the bin held the young generation small before loading anything; here it is held for good or let go
    youngGeneration = holdYoungGeneration(config);
    // V8 reaches the size asked for by doubling: the size it stopped at is the one the idle release keeps
    const youngHeldBytes = readYoungGenerationSize();
    const gateway = createGateway(config, {
      logger: createLogger({ level: env.LOG_LEVEL ?? "info" }),
      ...options.gatewayDeps?.(config),
    });
    await waitForStore(gateway);
    const app = createApp({
      gateway,
      readiness: async () => ({
        simulator: simulator ? "running" : "off",
        deployments: config.deployments.length,
        ...(await gateway.readiness()),
      }),
    });
    const tls = options.tlsCert && options.tlsKey
      ? { tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } }
      : {};
    const guard = { loopbackOnly: LOOPBACK.has(host) };
    const server = createDualProtocolServer(
      guardRequestTarget(closeUnreadConnections(routeBedrockCalls(gateway, toNodeHandler(app))), guard),
      tls,
    );
    const address = await server.listen(port, host);
    gateway.logger.debug(
      {
        heapGrowthPercent: config.general.heapGrowthPercent,
        releaseMemoryAfterIdleMs: config.general.releaseMemoryAfterIdleMs,
        youngGenerationGrowth: config.general.youngGenerationGrowth,
        youngGenerationMb: config.general.youngGenerationMb,
        youngGenerationBytes: youngHeldBytes,
      },
      "memory settings",
    );
    const idleMs = config.general.releaseMemoryAfterIdleMs;
    const memoryRelease = idleMs > 0
      ? releaseMemoryWhenIdle({
        idleMs,
        // a quiet spell has no request at all, not only an idle event loop: slow streams use little CPU
        activity: () => server.requestsStarted,
        inFlight: () => server.inFlight,
        ...(youngGeneration
          ? {
            youngTargetBytes: youngHeldBytes,
            // the collection may have shrunk the young generation below the size held: back to it, while still idle
            afterCollect: () => youngGeneration?.restore(),
          }
          : {}),
        onRelease: (released) => gateway.logger.debug(released, "heap collected while idle"),
      })
      : undefined;
    return {
      url: address.url,
      port: address.port,
      gateway,
      config,
      async close(deadlineMs = options.drainMs ?? 30_000) {
        memoryRelease?.stop();
        youngGeneration?.stop();
        await server.close(deadlineMs);
        await gateway.close({ deadlineMs: 5_000 });
        await simulator?.close();
      },
    };
  } catch (error) {
    youngGeneration?.stop();
    await simulator?.close();
    throw error;
  }
}

/**
 * Waits (briefly) for the spend database: a gateway whose database is down still serves, keeping rows queued
 * (then spilled to a file) until it returns, so a slow or absent database only earns a warning here.
 */
async function waitForStore(gateway: Gateway): Promise<void> {
  const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, 5_000, "timeout").unref());
  const outcome = await Promise.race([gateway.ready().then(() => "ready" as const, () => "failed" as const), timeout]);
  if (outcome !== "ready") gateway.logger.warn({ outcome }, "serving without a ready spend database; rows are queued until it is reachable");
}

function failNoConfig(): never {
  throw new Error("No config: pass --config FILE (or set BEDROCK_GW_CONFIG), or --simulate to try the gateway offline.");
}
