import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchTarget, UpstreamName } from "../client/bench-targets.js";
import { createBareTarget, createDirectTarget, createGatewayTarget, createPeerTarget } from "../client/bench-targets.js";
import { createH1Client } from "../client/create-h1-client.js";
import type { BenchPreset } from "../options/bench-presets.js";
import type { BenchOptions } from "../options/read-bench-options.js";
import { resolveBenchDir } from "../options/read-bench-options.js";
import { findPeerPackage, PEER_PACKAGE, PEER_ROUTE, startPeerService } from "../peer/start-peer-service.js";
import { BENCH_SCRIPTS } from "./bench-scripts.js";
import type { Pinning } from "./create-pinning.js";
import { readProcessUsage } from "./read-process-usage.js";
import { BENCH_MASTER_KEY, BENCH_MODEL_GROUPS, createGatewayConfig } from "./create-gateway-config.js";
import type { Service, ServiceRegistry } from "./spawn-service.js";
import { startGatewayService } from "./start-gateway-service.js";

export interface BenchEnvironment {
  workDir: string;
  configPath: string;
  upstreams: Record<UpstreamName, string>;
  simulators: Record<UpstreamName, Service>;
  bare: Record<UpstreamName, Service>;
  gateway: Service;
  peer?: Service;
  /** how the peer ran, or why it did not */
  peerNote: string;
  /** the gateway's RSS once started and having served one call */
  gatewayRssAtStartBytes?: number;
  targets: BenchTarget[];
}

interface StartInput {
  services: ServiceRegistry;
  pinning: Pinning;
  preset: BenchPreset;
  options: BenchOptions;
  workDir: string;
  log: (line: string) => void;
}

const SIMULATOR_SETTINGS = (preset: BenchPreset): Record<UpstreamName, { latencyMs: number; chunkDelayMs: number }> => ({
  fast: { latencyMs: 0, chunkDelayMs: preset.w4.chunkDelayMs },
  slow: { latencyMs: 60, chunkDelayMs: 0 },
  hold: { latencyMs: 0, chunkDelayMs: preset.w5.chunkDelayMs },
});

function startSimulator(input: StartInput, name: UpstreamName, port: number): Promise<Service> {
  const settings = SIMULATOR_SETTINGS(input.preset)[name];
  return input.services.start({
    name: `simulator-${name}`,
    nodeArgs: [BENCH_SCRIPTS.simulator, "--port", String(port), "--latency-ms", String(settings.latencyMs), "--chunk-delay-ms", String(settings.chunkDelayMs)],
    cpus: input.pinning.upstream,
    env: { PATH: process.env.PATH ?? "" },
    logFile: join(input.workDir, `simulator-${name}.log`),
    readyPattern: /listening on (http\S+)/,
  });
}

/** The zero-latency simulator on the asked port, else (port taken or privileged) on any port with the reason. */
async function startFastSimulator(input: StartInput, port: number): Promise<{ service: Service; portNote?: string }> {
  try {
    return { service: await startSimulator(input, "fast", port) };
  } catch (error) {
    if (port === 0) throw error;
    const reason = /EACCES|EADDRINUSE/.exec((error as Error).message)?.[0] ?? "error";
    return { service: await startSimulator(input, "fast", 0), portNote: `127.0.0.1:${port} could not be bound (${reason})` };
  }
}

function startBareProxy(input: StartInput, name: UpstreamName, upstream: string): Promise<Service> {
  return input.services.start({
    name: `bare-${name}`,
    nodeArgs: [BENCH_SCRIPTS.bareProxy, "--upstream", upstream],
    cpus: input.pinning.proxy,
    env: { PATH: process.env.PATH ?? "" },
    logFile: join(input.workDir, `bare-${name}.log`),
    readyPattern: /listening on (http\S+)/,
  });
}

function peerSearchDirs(options: BenchOptions): string[] {
  return options.peerDir ? [options.peerDir, resolveBenchDir()] : [resolveBenchDir()];
}

/** Sends one Converse through a target and throws with what came back unless it is a 200. */
async function probeTarget(target: BenchTarget): Promise<void> {
  const client = createH1Client(target.origin("fast")!, 1);
  try {
    const request = await target.prepare({ kind: "converse", bytes: 1024 }, "fast");
    const body: Buffer[] = [];
    const response = await client.send(request, { onData: (chunk) => body.push(chunk) });
    if (response.status !== 200) throw new Error(`${target.name}: HTTP ${response.status} ${Buffer.concat(body).toString("utf8").slice(0, 300)}`);
  } finally {
    await client.close();
  }
}

async function startPeer(input: StartInput, fastUrl: string, portNote: string | undefined): Promise<{ peer?: Service; note: string; target?: BenchTarget }> {
  if (!input.preset.peer) return { note: `skipped: ${input.options.smoke ? "smoke mode" : "profile mode"}` };
  if (!input.options.peer) return { note: "skipped: --no-peer" };
  const found = findPeerPackage(peerSearchDirs(input.options));
  if (!found) return { note: `skipped: ${PEER_PACKAGE} is not installed (npm install -w @bedrock-gw/bench ${PEER_PACKAGE} --ignore-scripts, or --peer-dir DIR)` };
  if (new URL(fastUrl).port !== "") {
    return {
      note:
        `skipped: ${PEER_PACKAGE} ${found.version} signs SigV4 over the Host without its port, so it reaches only an upstream on port 80` +
        (portNote ? `, and ${portNote}` : " (run with --upstream-port 80)"),
    };
  }
  try {
    const peer = await startPeerService(input.services, found, { cpus: input.pinning.proxy, workDir: input.workDir });
    const target = createPeerTarget({ url: peer.url, pid: peer.pid, upstream: fastUrl });
    await probeTarget(target);
    return { peer, target, note: `${PEER_PACKAGE} ${found.version}: ${PEER_ROUTE}` };
  } catch (error) {
    return { note: `skipped: ${PEER_PACKAGE} ${found.version} failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/**
 * Starts the three simulators, a bare proxy in front of each, the gateway (one model group per simulator) and the
 * peer when it can run, checks each path answers a Converse, and builds the targets.
 *
 * @example
 * const env = await startBenchEnvironment({ services, pinning, preset, options, workDir, log });
 */
export async function startBenchEnvironment(input: StartInput): Promise<BenchEnvironment> {
  const wantPeer = input.preset.peer && input.options.peer && !input.options.profileOnly;
  const fastPort = input.options.upstreamPort ?? (wantPeer && findPeerPackage(peerSearchDirs(input.options)) ? 80 : 0);
  const [fast, slow, hold] = await Promise.all([startFastSimulator(input, fastPort), startSimulator(input, "slow", 0), startSimulator(input, "hold", 0)]);
  const simulators = { fast: fast.service, slow, hold };
  const upstreams = { fast: fast.service.url, slow: slow.url, hold: hold.url };
  input.log(`simulators: ${Object.values(upstreams).join(", ")}`);
  const configPath = join(input.workDir, "gateway.yaml");
  writeFileSync(configPath, createGatewayConfig(upstreams));
  const [bareFast, bareSlow, bareHold, gateway] = await Promise.all([
    startBareProxy(input, "fast", upstreams.fast),
    startBareProxy(input, "slow", upstreams.slow),
    startBareProxy(input, "hold", upstreams.hold),
    startGatewayService(input.services, { name: "gateway", configPath, workDir: input.workDir, cpus: input.pinning.proxy }),
  ]);
  const bare = { fast: bareFast, slow: bareSlow, hold: bareHold };
  const targets: BenchTarget[] = [
    createDirectTarget(upstreams),
    createBareTarget(upstreams, bare),
    createGatewayTarget({ url: gateway.url, pid: gateway.pid, apiKey: BENCH_MASTER_KEY, modelGroups: BENCH_MODEL_GROUPS }),
  ];
  for (const target of targets) await probeTarget(target);
  const gatewayRss = readProcessUsage(gateway.pid)?.rssBytes;
  const peer = await startPeer(input, upstreams.fast, fast.portNote);
  if (peer.target) targets.push(peer.target);
  input.log(`gateway ${gateway.url}, bare proxy ${bare.fast.url}, peer: ${peer.note}`);
  return {
    workDir: input.workDir,
    configPath,
    upstreams,
    simulators,
    bare,
    gateway,
    ...(peer.peer ? { peer: peer.peer } : {}),
    peerNote: peer.note,
    ...(gatewayRss !== undefined ? { gatewayRssAtStartBytes: gatewayRss } : {}),
    targets,
  };
}
