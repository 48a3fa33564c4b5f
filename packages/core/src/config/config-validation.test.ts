import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error.js";
import { deployment, readIssues } from "./config-test-helpers.test-suite.js";
import { resolveConfig } from "./resolve-config.js";

const issuesOf = (input: unknown, env: Record<string, string | undefined> = {}) => readIssues(() => resolveConfig(input, { env }));

describe("validation reports every problem at once, with its path", () => {
  it("deployments: regions, numbers, endpoints, models, providers and unknown keys", () => {
    const input = {
      model_list: [
        deployment("a", { aws_region_name: "us west 2", weight: 0, rpm: -1, tpm: 1.5, timeout: 0, stream_timeout: -2, max_parallel_requests: 0 }),
        deployment("b", { custom_llm_provider: "openai", model: "openai/gpt-4o" }),
        deployment("c", {
          model: "",
          aws_bedrock_runtime_endpoint: "ftp://x",
          api_base: "http://h/x?y=1",
          aws_bedrock_agent_runtime_endpoint: "http://u:p@h",
          drop_params: true,
          made_up: 1,
          aws_session_tags: { team: "a" },
        }),
        { model_name: "d" },
        { model_name: "e", params: { model: "amazon.nova-pro-v1:0", aws_role_name: "gateway" } },
        deployment("f", { rpm: "abc", ssl_verify: false, model_id: "not a model" }),
        "junk",
        { model_name: "", litellm_params: { model: "amazon.nova-pro-v1:0" }, extra: true },
        { model_name: "g", litellm_params: { model: "amazon.nova-pro-v1:0" }, params: { model: "amazon.nova-pro-v1:0" } },
      ],
    };
    expect(issuesOf(input)).toEqual([
      'model_list[0].litellm_params.aws_region_name: "us west 2" is not a region',
      "model_list[0].litellm_params.weight: must be > 0, got 0",
      "model_list[0].litellm_params.rpm: must be ≥ 0, got -1",
      "model_list[0].litellm_params.tpm: must be an integer, got 1.5",
      "model_list[0].litellm_params.max_parallel_requests: must be ≥ 1, got 0",
      "model_list[0].litellm_params.timeout: must be > 0, got 0",
      "model_list[0].litellm_params.stream_timeout: must be > 0, got -2",
      'model_list[1].litellm_params.model: "openai/gpt-4o" is not a Bedrock model id or ARN (expected e.g. ' +
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0, us.amazon.nova-pro-v1:0 or arn:aws:bedrock:...)",
      'model_list[1].litellm_params.custom_llm_provider: must be "bedrock" (bedrock-gw serves Bedrock only), got "openai"',
      "model_list[2].litellm_params.aws_session_tags: is not supported (bedrock-gw does not pass session tags to AssumeRole); remove it",
      'model_list[2].litellm_params.aws_bedrock_runtime_endpoint: "ftp://x" is not an absolute http(s) URL',
      "model_list[2].litellm_params.aws_bedrock_agent_runtime_endpoint: must not contain a user name or password",
      'model_list[2].litellm_params.api_base: "http://h/x?y=1" must not have a query',
      "model_list[2].litellm_params.model: must not be empty",
      "model_list[2].litellm_params.made_up: unknown key in model_list[2].litellm_params: not a bedrock-gw setting nor a LiteLLM one it accepts (check the spelling)",
      "model_list[3].litellm_params: required (the model and how to reach it)",
      'model_list[4].params.aws_role_name: "gateway" is not an IAM role ARN (expected arn:aws:iam::123456789012:role/name)',
      'model_list[5].litellm_params.model_id: "not a model" is not a Bedrock model id or ARN (expected e.g. ' +
        "bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0, us.amazon.nova-pro-v1:0 or arn:aws:bedrock:...)",
      'model_list[5].litellm_params.rpm: expected a number, got "abc"',
      "model_list[5].litellm_params.ssl_verify: only true is supported: bedrock-gw always verifies TLS (use NODE_EXTRA_CA_CERTS for a private CA)",
      'model_list[6]: expected a mapping, got "junk"',
      "model_list[7].model_name: must not be empty",
      "model_list[7].extra: unknown key in model_list[7]: not a bedrock-gw setting nor a LiteLLM one it accepts (check the spelling)",
      "model_list[8].params: use either litellm_params or params, not both",
    ]);
  });

  it("duplicate deployment ids, explicit or generated", () => {
    const input = {
      model_list: [
        deployment("a", {}, { id: "same" }),
        deployment("b", {}, { id: "same" }),
        deployment("c"),
        deployment("x", {}, { id: "c-2" }),
        deployment("d", { rpm: -5 }, { id: "same" }),
      ],
    };
    expect(issuesOf(input)).toEqual([
      "model_list[4].litellm_params.rpm: must be ≥ 0, got -5",
      'model_list[1].model_info.id: deployment id "same" is already used by model_list[0]; set a unique model_info.id',
      'model_list[3].model_info.id: deployment id "c-2" is already used by model_list[2]; set a unique model_info.id',
      'model_list[4].model_info.id: deployment id "same" is already used by model_list[0]; set a unique model_info.id',
    ]);
    expect(issuesOf({ model_list: [deployment("x", {}, { id: "a-1" }), deployment("a")] })).toEqual([
      'model_list[1]: generated deployment id "a-1" is already used by model_list[0]; set a unique model_info.id',
    ]);
  });

  it("general settings: master key shape (also from the environment), database URL, numbers, unsupported hooks", () => {
    const input = {
      general_settings: {
        master_key: "1234",
        database_url: "mysql://u:p@h/db",
        max_request_body_bytes: 0,
        connect_timeout: 0,
        public_metrics: "yes",
        custom_auth: "custom_auth.user_api_key_auth",
        alerting: ["slack"],
        allow_raw_pass_through: true,
      },
      router_settings: { router_general_settings: { pass_through_all_models: false } },
    };
    expect(issuesOf(input)).toEqual([
      "general_settings.custom_auth: is not supported (no Python auth hooks); use the master key and virtual keys",
      'general_settings.master_key: must start with "sk-" and contain no whitespace, as in LiteLLM (value not shown)',
      "general_settings.database_url: must be a postgres:// or postgresql:// URL (value not shown)",
      "general_settings.max_request_body_bytes: must be ≥ 1, got 0",
      "general_settings.connect_timeout: must be > 0, got 0",
      'general_settings.public_metrics: expected a boolean, got "yes"',
      "general_settings.allow_raw_pass_through: is true but router_settings.router_general_settings.pass_through_all_models is false; remove one",
    ]);
    expect(issuesOf({}, { BEDROCK_GW_MASTER_KEY: "letmein", DATABASE_URL: "sqlite:///x" })).toEqual([
      'environment BEDROCK_GW_MASTER_KEY: must start with "sk-" and contain no whitespace, as in LiteLLM (value not shown)',
      "environment DATABASE_URL: must be a postgres:// or postgresql:// URL (value not shown)",
    ]);
  });

  it("router settings: strategy, counts, fallbacks to existing groups without cycles, redis", () => {
    const input = {
      model_list: [deployment("a"), deployment("b"), deployment("c")],
      router_settings: {
        routing_strategy: "cost-based-routing",
        num_retries: -1,
        allowed_fails: 1.5,
        cooldown_time: -1,
        session_affinity: "maybe",
        fallbacks: [{ a: ["b", "zzz"] }, { b: "c" }, { c: ["a"] }, { qq: ["a"] }, { a: ["c"] }],
        redis_port: 6380,
        model_group_alias: { gpt: "a" },
      },
    };
    expect(issuesOf(input)).toEqual([
      "router_settings.model_group_alias: is not supported; add a model_list entry with the alias as its model_name",
      'router_settings.routing_strategy: must be one of "simple-shuffle", "least-busy", "latency-based-routing", ' +
        '"usage-based-routing", "usage-based-routing-v2"; got "cost-based-routing"',
      "router_settings.num_retries: must be ≥ 0, got -1",
      "router_settings.cooldown_time: must be ≥ 0, got -1",
      "router_settings.allowed_fails: must be an integer, got 1.5",
      'router_settings.session_affinity: expected a boolean, got "maybe"',
      "router_settings.redis_port: needs redis_host (or use redis_url)",
      'router_settings.fallbacks[0].a[1]: "zzz" is not a model_name in model_list',
      'router_settings.fallbacks[3].qq: "qq" is not a model_name in model_list',
      'router_settings.fallbacks[4].a: fallbacks for "a" are already set in an earlier entry',
      "router_settings.fallbacks: fallback cycle a → b → c → a: a group must not fall back to itself",
    ]);
    expect(issuesOf({ model_list: [deployment("a")], router_settings: { fallbacks: [{ a: ["a"] }] } })).toEqual([
      "router_settings.fallbacks: fallback cycle a → a: a group must not fall back to itself",
    ]);
    expect(issuesOf({ router_settings: { redis_url: "http://cache:6379" } })).toEqual([
      "router_settings.redis_url: must be a redis:// or rediss:// URL (value not shown)",
    ]);
    expect(issuesOf({ router_settings: { health_check_interval: 0 } })).toEqual(["router_settings.health_check_interval: must be > 0, got 0"]);
    expect(issuesOf({ router_settings: { health_check_interval: "often" } })).toEqual([
      'router_settings.health_check_interval: expected a number, got "often"',
    ]);
  });

  it("the top level and bedrock_defaults", () => {
    expect(issuesOf({ foo: 1, include: ["other.yaml"], model_list: { a: 1 }, bedrock_defaults: { aws_region_name: "EU-WEST-1", model: "x", rpm: 3 } })).toEqual([
      "include: is not supported; merge the included files into this one",
      "model_list: expected a list, got a mapping",
      "foo: unknown key at the top level: not a bedrock-gw setting nor a LiteLLM one it accepts (check the spelling)",
      "bedrock_defaults.model: belongs in a model_list entry; bedrock_defaults holds only connection settings (aws_* keys, api_base, api_key)",
      "bedrock_defaults.rpm: belongs in a model_list entry; bedrock_defaults holds only connection settings (aws_* keys, api_base, api_key)",
      'bedrock_defaults.aws_region_name: "EU-WEST-1" is not a region',
    ]);
  });

  it("a config that is not a mapping", () => {
    expect(issuesOf(["model_list"])).toEqual(["config: expected a mapping with model_list, general_settings, router_settings, ...; got a list"]);
  });

  it("never echoes a secret in a message", () => {
    const secret = "wJalrXUtnFEMI K7MDENG";
    const lines = issuesOf({
      model_list: [deployment("a", { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: secret, api_key: 12345678 })],
      general_settings: { master_key: "my secret master key" },
    });
    expect(lines).toEqual([
      'general_settings.master_key: must start with "sk-" and contain no whitespace, as in LiteLLM (value not shown)',
      "model_list[0].litellm_params.aws_secret_access_key: must not contain whitespace (value not shown)",
      "model_list[0].litellm_params.api_key: must be a string (quote it in YAML)",
    ]);
    expect(lines.join("\n")).not.toContain("K7MDENG");
    expect(lines.join("\n")).not.toContain("12345678");
  });

  it("formats the error as one line per problem", () => {
    try {
      resolveConfig({ model_list: [deployment("a", { rpm: -1 })], router_settings: { num_retries: -1 } }, { env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        "router_settings.num_retries: must be ≥ 0, got -1\nmodel_list[0].litellm_params.rpm: must be ≥ 0, got -1",
      );
    }
  });
});
