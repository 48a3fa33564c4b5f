import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const EXAMPLES_DIR = fileURLToPath(new URL("../../examples/", import.meta.url));

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion with only the given environment (plus PATH and HOME), like a user's shell would. */
export function runCommand(command: string, args: string[], env: Record<string, string>, cwd = EXAMPLES_DIR): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", AWS_EC2_METADATA_DISABLED: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Runs an example's built entry point (`npm start` in that workspace: `node dist/main.js`). The examples are built
 * by `npm run build` (turbo builds every workspace); a missing build is an error that says so.
 */
export function runExampleMain(example: string, env: Record<string, string>): Promise<ExampleRun> {
  const main = `${EXAMPLES_DIR}${example}/dist/main.js`;
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (it builds the examples too).`);
  return runCommand(process.execPath, [main], env, `${EXAMPLES_DIR}${example}`);
}
