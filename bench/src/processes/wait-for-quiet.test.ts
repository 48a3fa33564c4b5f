import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { waitForQuiet } from "./wait-for-quiet.js";

const children: Array<ReturnType<typeof spawn>> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function startNode(script: string): number {
  const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
  children.push(child);
  return child.pid!;
}

describe.skipIf(process.platform !== "linux")("waitForQuiet", () => {
  it("waits while a process is busy and returns once it goes idle", async () => {
    // spins for 1 s, then sleeps
    const pid = startNode("const end = Date.now() + 1000; while (Date.now() < end); setTimeout(() => {}, 60000);");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waited = await waitForQuiet([pid], { windowMs: 100 });
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(10_000);
  });

  it("gives up at its timeout when a process never goes quiet", async () => {
    const pid = startNode("for (;;);");
    const waited = await waitForQuiet([pid], { windowMs: 100, timeoutMs: 500 });
    expect(waited).toBeGreaterThanOrEqual(500);
    expect(waited).toBeLessThan(2_000);
  });

  it("a process that is gone counts as quiet", async () => {
    expect(await waitForQuiet([2 ** 22 + 12345], { windowMs: 50 })).toBeLessThan(1_000);
  });
});
