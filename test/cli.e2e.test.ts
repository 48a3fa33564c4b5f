import { ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "@bedrock-gw/simulator";
import { startSimulator } from "@bedrock-gw/simulator";
import { createRuntimeClient } from "./support/clients.js";
import { MASTER_KEY, createE2eConfig } from "./support/fixtures.js";
import { runCli, startGatewayProcess, writeConfig } from "./support/gateway-process.js";

const exec = promisify(execFile);

describe("bedrock-gw serve --simulate (the README quickstart)", () => {
  it("prints the URL and a curl line that works as printed", async () => {
    const gateway = await startGatewayProcess(["--simulate"]);
    try {
      const curlLine = (await gateway.waitForOutput(/^\s*(curl .*)$/m))[1];
      expect(curlLine).toBeDefined();
      const { stdout } = await exec("sh", ["-c", curlLine!]);
      const answer = JSON.parse(stdout);
      expect(answer.output.message.content[0].text).toContain("Hello");
      expect(answer.usage.totalTokens).toBeGreaterThan(0);
      expect(gateway.output()).toMatch(/no master key/i);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it("refuses to run open on a non-loopback host unless told to", async () => {
    const result = await runCli(["serve", "--simulate", "--host", "0.0.0.0", "--port", "0"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/master key/);
  });
});

describe("bedrock-gw config check", () => {
  it("prints the resolved deployments with secrets masked", async () => {
    const path = writeConfig(`
model_list:
  - model_name: claude
    litellm_params:
      model: bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0
      aws_region_name: us-west-2
      aws_access_key_id: AKIAIOSFODNN7EXAMPLE
      aws_secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
general_settings:
  master_key: sk-very-secret-master-key-123456
`);
    const result = await runCli(["config", "check", "--config", path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("claude");
    expect(result.stdout).toContain("us-west-2");
    expect(result.stdout).toContain("us.anthropic.claude-sonnet-4-20250514-v1:0");
    for (const secret of ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "sk-very-secret-master-key-123456"]) {
      expect(result.stdout).not.toContain(secret);
    }
  });

  it("a bad config stops the start with the path of the bad field", async () => {
    const path = writeConfig(`
model_list:
  - model_name: a
    litellm_params: { model: bedrock/anthropic.claude-3-haiku-20240307-v1:0 }
  - model_name: b
    litellm_params: { model: bedrock/anthropic.claude-3-haiku-20240307-v1:0 }
  - model_name: c
    litellm_params: { model: bedrock/anthropic.claude-3-haiku-20240307-v1:0, aws_region_name: "us west 2" }
`);
    for (const args of [["config", "check", "--config", path], ["serve", "--config", path, "--port", "0"]]) {
      const result = await runCli(args);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('model_list[2].litellm_params.aws_region_name: "us west 2" is not a region');
    }
  });
});

describe("SIGTERM", () => {
  let simulator: Simulator & { url: string };
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1", chunkDelayMs: 40 });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("drains an in-flight stream to its end before the process exits", async () => {
    const gateway = await startGatewayProcess(["--config", writeConfig(createE2eConfig(simulator.url))]);
    const client = createRuntimeClient(gateway.url, MASTER_KEY, "http2");
    const out = await client.send(
      new ConverseStreamCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: "a long enough answer to stream for a while" }] }] }),
    );
    const kinds: string[] = [];
    let exit: Promise<number | null> | undefined;
    for await (const event of out.stream!) {
      kinds.push(Object.keys(event)[0]!);
      if (kinds.length === 2) exit = gateway.stop("SIGTERM");
    }
    expect(kinds.at(-1)).toBe("metadata");
    expect(await exit).toBe(0);
    expect(gateway.output()).toContain("draining");
  });
});

describe("general_settings.release_memory_after_idle, heap_growth_percent, young_generation_growth and young_generation_mb", () => {
  it("collects the heap once the gateway has been idle that long (start-up counts as traffic), and says so at debug level", async () => {
    const config = createE2eConfig("http://127.0.0.1:9", "  release_memory_after_idle: 0.5\n  young_generation_mb: 4\n");
    const gateway = await startGatewayProcess(["--config", writeConfig(config)], { LOG_LEVEL: "debug" });
    try {
      const [settings] = await gateway.waitForOutput(/^.*"memory settings".*$/m, 10_000);
      const memory = JSON.parse(settings) as Record<string, unknown>;
      expect(memory).toMatchObject({ heapGrowthPercent: 100, releaseMemoryAfterIdleMs: 500, youngGenerationGrowth: false, youngGenerationMb: 4 });
      // held from the bin's first line (loading the gateway's modules alone grows it to 16-32 MiB), then grown to 4
      expect(memory.youngGenerationBytes).toBe(4 * 1024 * 1024);
      const [line] = await gateway.waitForOutput(/^.*heap collected while idle.*$/m, 10_000);
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).toMatchObject({ level: 20, attempt: 1 });
      expect(entry.heapBefore).toBeGreaterThan(8 * 1024 * 1024);
      expect(entry.heapAfter).toBeTypeOf("number");
      // the collection may shrink it; it is grown back to the size held before the heap is measured again
      expect(entry.youngAfter).toBe(4 * 1024 * 1024);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});

describe("bedrock-gw keys", () => {
  let simulator: Simulator & { url: string };
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it("generate, list, info and revoke through a running gateway's API", async () => {
    const gateway = await startGatewayProcess(["--config", writeConfig(createE2eConfig(simulator.url))]);
    const env = { BEDROCK_GW_URL: gateway.url, BEDROCK_GW_MASTER_KEY: MASTER_KEY };
    try {
      const generated = await runCli(["keys", "generate", "--alias", "cli-key", "--models", "claude,titan-embed", "--rpm", "5"], env);
      expect(generated.code, generated.stderr).toBe(0);
      const key = JSON.parse(generated.stdout) as { key: string; key_alias: string; models: string[]; rpm_limit: number };
      expect(key).toMatchObject({ key_alias: "cli-key", models: ["claude", "titan-embed"], rpm_limit: 5 });
      expect(key.key).toMatch(/^sk-/);

      const list = await runCli(["keys", "list"], env);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout).keys.length).toBeGreaterThanOrEqual(1);

      const info = await runCli(["keys", "info", key.key], env);
      expect(JSON.parse(info.stdout).info).toMatchObject({ key_alias: "cli-key", spend: 0 });

      const works = await fetch(`${gateway.url}/bedrock/model/claude/count-tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: JSON.stringify({ input: { converse: { messages: [{ role: "user", content: [{ text: "hi" }] }] } } }),
      });
      expect(works.status).toBe(200);

      const revoked = await runCli(["keys", "revoke", key.key], env);
      expect(revoked.code).toBe(0);
      const refused = await fetch(`${gateway.url}/bedrock/model/claude/count-tokens`, {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");

      const wrongMaster = await runCli(["keys", "list"], { ...env, BEDROCK_GW_MASTER_KEY: "sk-not-the-master" });
      expect(wrongMaster.code).toBe(1);
      expect(wrongMaster.stderr).toMatch(/master key/);
    } finally {
      await gateway.stop();
    }
  });
});
