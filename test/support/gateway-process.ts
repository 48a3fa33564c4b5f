import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CLI_BIN = fileURLToPath(new URL("../../packages/cli/bin/bedrock-gw.js", import.meta.url));

export interface GatewayProcess {
  url: string;
  /** BEDROCK_GW_DATA_DIR of this process (the embedded database and spill file) */
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** resolves once the process output matches */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Writes a YAML config to a fresh temp dir and returns its path. */
export function writeConfig(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-gw-test-"));
  const path = join(dir, "config.yaml");
  writeFileSync(path, yaml);
  return path;
}

/**
 * Spawns the real CLI (`node packages/cli/bin/bedrock-gw.js serve ...`) on an ephemeral port and waits for its banner.
 */
export async function startGatewayProcess(args: string[], env: Record<string, string> = {}): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "bedrock-gw-data-"));
  const child = spawn(process.execPath, [CLI_BIN, "serve", "--port", "0", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      AWS_EC2_METADATA_DISABLED: "true",
      BEDROCK_GW_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = /listening on (http\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir: env.BEDROCK_GW_DATA_DIR ?? dataDir,
    child,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 5000) {
      const start = Date.now();
      for (;;) {
        const match = pattern.exec(output);
        if (match) return match;
        if (Date.now() - start > timeoutMs) throw new Error(`output never matched ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

/** Runs the CLI to completion (for `config check` and start failures). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
