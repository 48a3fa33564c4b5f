import cluster from "node:cluster";
import { Command, Option } from "commander";
import { formatResolvedConfig, loadConfig, ConfigError } from "@bedrock-gw/core";
import { addKeyCommands } from "./key-commands.js";
import { createWorkerDeps, runWorkersPrimary } from "./serve-workers.js";
import { startServer } from "./start-server.js";
import { formatBanner } from "./format-banner.js";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  /** registers a handler for SIGTERM/SIGINT */
  onSignal: (handler: (signal: string) => void) => void;
  exit: (code: number) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  onSignal: (handler) => {
    process.once("SIGTERM", () => handler("SIGTERM"));
    process.once("SIGINT", () => handler("SIGINT"));
  },
  exit: (code) => process.exit(code),
};

/** Builds the `bedrock-gw` command line (serve, simulate, config check). */
export function createCli(io: CliIo = defaultIo): Command {
  const program = new Command("bedrock-gw")
    .description("A gateway for AWS Bedrock: Bedrock's own API, gateway keys, one place for AWS credentials.")
    .showHelpAfterError();

  program
    .command("serve")
    .description("run the gateway")
    .addOption(new Option("-c, --config <file>", "YAML config (LiteLLM-compatible)").env("BEDROCK_GW_CONFIG"))
    .addOption(new Option("-p, --port <n>", "port").env("PORT").default("4000"))
    .addOption(new Option("--host <host>", "host to listen on").env("HOST").default("127.0.0.1"))
    .option("--simulate", "use a built-in Bedrock simulator as the upstream (offline, no AWS account)")
    .option("--tls-cert <file>", "TLS certificate (PEM): serve HTTPS with ALPN h2 and http/1.1")
    .option("--tls-key <file>", "TLS private key (PEM)")
    .option("--allow-open", "allow serving without a master key on a non-loopback host")
    .option("--drain-ms <ms>", "how long SIGTERM waits for in-flight requests", "30000")
    .option("--workers <n>", "worker processes sharing the port (node:cluster); limits stay exact across them", "1")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`--workers must be a whole number from 1 to 64, not "${opts.workers}"`);
      if (workers > 1 && cluster.isPrimary) {
        await runWorkersPrimary({
          cluster,
          workers,
          ...(typeof opts.config === "string" ? { configPath: opts.config } : {}),
          simulate: opts.simulate === true,
          env: io.env,
          out: io.out,
          err: io.err,
          onSignal: io.onSignal,
          exit: io.exit,
          drainMs: Number(opts.drainMs),
        });
        return;
      }
      const isWorker = workers > 1 && cluster.isWorker;
      const server = await startServer({
        ...(typeof opts.config === "string" ? { configPath: opts.config } : {}),
        port: Number(opts.port),
        host: String(opts.host),
        simulate: opts.simulate === true,
        ...(typeof opts.tlsCert === "string" ? { tlsCert: opts.tlsCert } : {}),
        ...(typeof opts.tlsKey === "string" ? { tlsKey: opts.tlsKey } : {}),
        allowOpen: opts.allowOpen === true,
        env: io.env,
        drainMs: Number(opts.drainMs),
        ...(isWorker ? { gatewayDeps: (config) => createWorkerDeps(config.router.redisUrl, (message) => process.send?.(message)) } : {}),
      });
      if (!isWorker) for (const line of formatBanner(server, { simulate: opts.simulate === true })) io.out(line);
      for (const warning of server.config.warnings ?? []) io.err(`warning: ${warning}`);
      if (server.gateway.open) {
        io.err("WARNING: no master key is configured: this gateway serves anyone who can reach it (dev mode).");
      }
      io.onSignal(async (signal) => {
        io.err(`${signal}: draining in-flight requests...`);
        await server.close();
        io.exit(0);
      });
    });

  program
    .command("simulate")
    .description("run only the Bedrock simulator (bedrock-runtime and bedrock-agent-runtime)")
    .addOption(new Option("-p, --port <n>", "port").env("PORT").default("9000"))
    .option("--host <host>", "host", "127.0.0.1")
    .option("--latency-ms <ms>", "delay before response headers", "0")
    .option("--chunk-delay-ms <ms>", "delay between stream events", "0")
    .action(async (opts: Record<string, string>) => {
      const { startSimulator } = await import("@bedrock-gw/simulator");
      const simulator = await startSimulator({
        port: Number(opts.port),
        host: String(opts.host),
        latencyMs: Number(opts.latencyMs),
        chunkDelayMs: Number(opts.chunkDelayMs),
      });
      io.out(`Bedrock simulator listening on ${simulator.url} (bedrock-runtime and bedrock-agent-runtime, HTTP/1.1 and h2c)`);
      io.onSignal(async () => {
        await simulator.close();
        io.exit(0);
      });
    });

  addKeyCommands(program, io);

  const config = program.command("config").description("work with config files");
  config
    .command("check")
    .description("validate a config and print the resolved deployments (secrets masked)")
    .requiredOption("-c, --config <file>", "YAML config")
    .action((opts: { config: string }) => {
      io.out(formatResolvedConfig(loadConfig(opts.config, { env: io.env })));
    });

  return program;
}

/** Runs the CLI; a bad config or start failure prints a clear message and exits non-zero. */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<void> {
  try {
    await createCli(io).parseAsync(argv);
  } catch (error) {
    io.err(error instanceof ConfigError ? `Invalid config:\n${error.message}` : `bedrock-gw: ${(error as Error).message}`);
    io.exit(1);
  }
}
