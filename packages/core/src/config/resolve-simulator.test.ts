import { describe, expect, it } from "vitest";
import { deployment, readIssues } from "./config-test-helpers.test-suite.js";
import { parseConfigText } from "./load-config.js";
import { resolveConfig } from "./resolve-config.js";
import { simulateConfigText } from "./simulate-config.js";
import type { SimulatorTarget } from "./types.js";

const simulator: SimulatorTarget = {
  url: "http://127.0.0.1:45678",
  credentials: { accessKeyId: "SIMULATORACCESSKEY", secretAccessKey: "simulator-secret" },
};
const SIMULATED = { origin: "http://127.0.0.1:45678", basePath: "", host: "127.0.0.1:45678" };
const SIMULATOR_AUTH = { credentials: { kind: "static", accessKeyId: "SIMULATORACCESSKEY", secretAccessKey: "simulator-secret" } };

describe("resolveConfig with a simulator", () => {
  it("sends every target that names no endpoint to the simulator, with its credentials and no bearer token", () => {
    const config = resolveConfig(
      { model_list: [deployment("a", { aws_region_name: "eu-west-1", aws_profile_name: "prod", api_key: "ABSKreal" })] },
      { env: { AWS_BEARER_TOKEN_BEDROCK: "ABSKenv", AWS_ROLE_NAME: "arn:aws:iam::123456789012:role/x" }, simulator },
    );
    expect(config.deployments[0]).toMatchObject({ region: "eu-west-1", runtimeEndpoint: SIMULATED, agentRuntimeEndpoint: SIMULATED });
    expect(config.deployments[0]?.auth).toEqual(SIMULATOR_AUTH);
    expect(config.defaults).toMatchObject({ runtimeEndpoint: SIMULATED, agentRuntimeEndpoint: SIMULATED, auth: SIMULATOR_AUTH });
  });

  it("keeps endpoints the config or the environment names, unless they are AWS hosts the simulator stands in for", () => {
    const config = resolveConfig(
      {
        model_list: [
          deployment("local", { aws_bedrock_runtime_endpoint: "http://127.0.0.1:9000", aws_profile_name: "dev" }),
          deployment("aws", { aws_bedrock_runtime_endpoint: "https://bedrock-runtime.us-east-1.amazonaws.com", aws_profile_name: "dev" }),
        ],
      },
      { env: { AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: "http://localstack:4566" }, simulator },
    );
    const [local, aws] = config.deployments;
    expect(local).toMatchObject({
      runtimeEndpoint: { origin: "http://127.0.0.1:9000" },
      agentRuntimeEndpoint: { origin: "http://localstack:4566" },
      auth: { credentials: { kind: "profile", profile: "dev" } },
    });
    expect(aws).toMatchObject({ runtimeEndpoint: SIMULATED, agentRuntimeEndpoint: { origin: "http://localstack:4566" }, auth: SIMULATOR_AUTH });
  });

  it("excuses missing credential variables of simulated targets, as warnings, but not of real ones", () => {
    const input = {
      model_list: [
        deployment("sim", { aws_access_key_id: "os.environ/KEY_ID", aws_secret_access_key: "os.environ/SECRET", aws_region_name: "os.environ/REGION" }),
        deployment("real", { aws_bedrock_runtime_endpoint: "http://127.0.0.1:9000", api_key: "os.environ/TOKEN" }),
      ],
      general_settings: { master_key: "os.environ/MASTER" },
    };
    expect(readIssues(() => resolveConfig(input, { env: {}, simulator }))).toEqual([
      "model_list[1].litellm_params.api_key: environment variable TOKEN is not set",
    ]);
    const config = resolveConfig(input, { env: { TOKEN: "ABSKtoken" }, simulator });
    expect(config.deployments[0]).toMatchObject({ region: "us-east-1", auth: SIMULATOR_AUTH });
    expect(config.general.masterKey).toBeUndefined();
    expect(config.warnings).toEqual([
      "model_list[0].litellm_params.aws_access_key_id: environment variable KEY_ID is not set; not needed, since this deployment goes to the simulator",
      "model_list[0].litellm_params.aws_secret_access_key: environment variable SECRET is not set; not needed, since this deployment goes to the simulator",
      "model_list[0].litellm_params.aws_region_name: environment variable REGION is not set; not needed, since this deployment goes to the simulator",
      "general_settings.master_key: environment variable MASTER is not set; running without it under --simulate",
    ]);
  });

  it("excuses bedrock_defaults variables only when no target reaches a real endpoint", () => {
    const defaults = { aws_role_name: "os.environ/ROLE" };
    expect(resolveConfig({ bedrock_defaults: defaults, model_list: [deployment("a")] }, { env: {}, simulator }).warnings).toEqual([
      "bedrock_defaults.aws_role_name: environment variable ROLE is not set; not needed, since every target goes to the simulator",
    ]);
    const withReal = { bedrock_defaults: defaults, model_list: [deployment("a", { api_base: "http://127.0.0.1:9000" })] };
    expect(readIssues(() => resolveConfig(withReal, { env: {}, simulator }))).toEqual([
      "bedrock_defaults.aws_role_name: environment variable ROLE is not set",
    ]);
  });

  it("still requires variables that decide where a target goes", () => {
    const input = { model_list: [deployment("a", { aws_bedrock_runtime_endpoint: "os.environ/RUNTIME_URL" })] };
    expect(readIssues(() => resolveConfig(input, { env: {}, simulator }))).toEqual([
      "model_list[0].litellm_params.aws_bedrock_runtime_endpoint: environment variable RUNTIME_URL is not set",
    ]);
  });

  it("reports a simulator URL that is not one", () => {
    expect(readIssues(() => resolveConfig({}, { env: {}, simulator: { ...simulator, url: "127.0.0.1" } }))).toEqual([
      'simulator.url: "127.0.0.1" is not an absolute http(s) URL',
    ]);
  });
});

describe("the built-in simulate config", () => {
  it("has claude in two regions, nova, llama and titan-embed, all on the simulator", () => {
    const config = parseConfigText(simulateConfigText(), { env: {}, simulator });
    expect([...config.modelGroups].map(([group, list]) => [group, list.map((d) => `${d.modelId}@${d.region}`)])).toEqual([
      ["claude", ["us.anthropic.claude-sonnet-4-20250514-v1:0@us-east-1", "us.anthropic.claude-sonnet-4-20250514-v1:0@us-west-2"]],
      ["nova", ["us.amazon.nova-pro-v1:0@us-east-1"]],
      ["llama", ["meta.llama3-1-8b-instruct-v1:0@us-west-2"]],
      ["titan-embed", ["amazon.titan-embed-text-v2:0@us-east-1"]],
    ]);
    for (const target of [...config.deployments, config.defaults]) {
      expect(target).toMatchObject({ runtimeEndpoint: SIMULATED, agentRuntimeEndpoint: SIMULATED, auth: SIMULATOR_AUTH });
    }
    expect(config.router.fallbacks).toEqual(new Map([["claude", ["nova"]]]));
  });

  it("also resolves without a simulator (against real AWS)", () => {
    const config = parseConfigText(simulateConfigText(), { env: {} });
    expect(config.deployments[1]?.runtimeEndpoint.host).toBe("bedrock-runtime.us-west-2.amazonaws.com");
  });
});
