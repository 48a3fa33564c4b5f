import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { BENCH_SCRIPTS } from "../processes/bench-scripts.js";
import type { Service, ServiceRegistry } from "../processes/spawn-service.js";

export const PEER_PACKAGE = "@portkey-ai/gateway";

export interface PeerPackage {
  version: string;
  entry: string;
}

/** How the peer is run, for the report. */
export const PEER_ROUTE =
  "POST /v1/chat/completions (OpenAI body) with x-portkey-provider: bedrock, x-portkey-aws-access-key-id/-secret-access-key/-region, " +
  "x-portkey-custom-host: the simulator → Bedrock Converse signed with SigV4 by the peer; started with `--headless`, listening on 127.0.0.1";

/**
 * Finds the peer's npm package in `dirs` (each searched like a package's own node_modules lookup).
 *
 * @example
 * findPeerPackage(["/tmp/peer", benchDir]); // { version: "1.15.2", entry: ".../build/start-server.js" } | undefined
 */
export function findPeerPackage(dirs: readonly string[]): PeerPackage | undefined {
  for (const dir of dirs) {
    try {
      const manifestPath = createRequire(join(dir, "package.json")).resolve(`${PEER_PACKAGE}/package.json`);
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; bin?: string | Record<string, string> };
      const bin = typeof manifest.bin === "string" ? manifest.bin : "build/start-server.js";
      return { version: manifest.version, entry: join(dirname(manifestPath), bin) };
    } catch {
      continue;
    }
  }
  return undefined;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the peer gateway on a free loopback port (a preload keeps it off other interfaces) and waits for its banner.
 *
 * @example
 * const peer = await startPeerService(services, found, { cpus: "1", workDir });
 */
export async function startPeerService(
  services: ServiceRegistry,
  peer: PeerPackage,
  options: { cpus: string | undefined; workDir: string },
): Promise<Service> {
  const port = await findFreePort();
  return services.start({
    name: "peer",
    nodeArgs: ["--import", BENCH_SCRIPTS.forceLoopback, peer.entry, `--port=${port}`, "--headless"],
    cpus: options.cpus,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", AWS_EC2_METADATA_DISABLED: "true" },
    cwd: options.workDir,
    logFile: join(options.workDir, "peer.log"),
    readyPattern: /Ready for connections/,
    url: `http://127.0.0.1:${port}`,
  });
}
