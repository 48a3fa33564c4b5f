import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { readIssues } from "./config-test-helpers.test-suite.js";
import { loadConfig, parseConfigText } from "./load-config.js";

const dir = mkdtempSync(join(tmpdir(), "bedrock-gw-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadConfig", () => {
  it("reads and resolves a YAML file", () => {
    const path = writeConfig("ok.yaml", "model_list:\n  - model_name: nova\n    litellm_params:\n      model: bedrock/us.amazon.nova-pro-v1:0\n");
    const config = loadConfig(path, { env: { AWS_REGION: "us-west-2" } });
    expect(config.deployments[0]).toMatchObject({ id: "nova-0", modelId: "us.amazon.nova-pro-v1:0", region: "us-west-2" });
  });

  it("reports a missing file", () => {
    const path = join(dir, "missing.yaml");
    expect(readIssues(() => loadConfig(path, { env: {} }))).toEqual([`${path}: file not found`]);
    expect(readIssues(() => loadConfig(dir, { env: {} }))).toEqual([`${dir}: is a directory, not a config file`]);
  });

  it("reports YAML syntax errors with line and column", () => {
    const path = writeConfig("bad.yaml", "model_list:\n  - model_name: a\n    litellm_params: [1,\n");
    const lines = readIssues(() => loadConfig(path, { env: {} }));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: YAML syntax error: `));
    expect(readIssues(() => parseConfigText("a: 1\na: 2\n", { env: {}, source: "dup.yaml" }))).toEqual([
      "dup.yaml:2:1: YAML syntax error: Map keys must be unique",
    ]);
  });

  it("names the file in the error message and lists every problem", () => {
    const path = writeConfig("invalid.yaml", "router_settings:\n  num_retries: -1\n  cooldown_time: -2\n");
    try {
      loadConfig(path, { env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).source).toBe(path);
      expect((error as ConfigError).message).toBe(
        `${path} (2 problems):\n  router_settings.num_retries: must be ≥ 0, got -1\n  router_settings.cooldown_time: must be ≥ 0, got -2`,
      );
    }
  });

  it("rejects an empty file and accepts YAML merge keys", () => {
    expect(readIssues(() => parseConfigText("# nothing\n", { env: {} }))).toEqual([
      "config: the config is empty; expected a mapping with model_list, general_settings, ...",
    ]);
    const text = [
      "base: &base { model: bedrock/us.amazon.nova-pro-v1:0, rpm: 10 }",
      "model_list:",
      "  - model_name: nova",
      "    litellm_params: { <<: *base, aws_region_name: us-west-2 }",
    ].join("\n");
    // `base` is not a config key: merge keys work, unknown keys still do not
    expect(readIssues(() => parseConfigText(text, { env: {} }))).toEqual([
      "base: unknown key at the top level: not a bedrock-gw setting nor a LiteLLM one it accepts (check the spelling)",
    ]);
    const merged = parseConfigText(text.replace("base: &base", "bedrock_defaults: { aws_region_name: us-east-1 }\nx-base: &base").replace("x-base", "litellm_settings"), { env: {} });
    expect(merged.deployments[0]).toMatchObject({ rpm: 10, region: "us-west-2" });
  });
});
