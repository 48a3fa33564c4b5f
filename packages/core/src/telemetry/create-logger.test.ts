import { closeSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLineDestination, createLogger } from "./create-logger.js";

function flushed(logger: ReturnType<typeof createLogger>): Promise<void> {
  return new Promise((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve())));
}

describe("createLineDestination", () => {
  it("writes every line whole and in order: multi-byte text, lines past one write's size, batches past the minimum", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "bedrock-gw-log-")), "out.log");
    const fd = openSync(path, "a");
    try {
      const logger = createLogger({ destination: createLineDestination(fd) });
      const messages = [
        "ascii",
        "multi-byte: 日本語 — ü ✓ 🙂",
        "x".repeat(20_000),
        ...Array.from({ length: 300 }, (_, i) => `line ${i} ${"é".repeat(i % 50)}`),
      ];
      for (const msg of messages) logger.info({ n: msg.length }, msg);
      await flushed(logger);
      const lines = readFileSync(path, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { msg: string; n: number });
      expect(lines.map((line) => line.msg)).toEqual(messages);
      expect(lines.every((line) => line.n === line.msg.length)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});
