import { describe, expect, it } from "vitest";
import { deployment, readIssues } from "./config-test-helpers.test-suite.js";
import { parseConfigText } from "./load-config.js";
import { resolveConfig } from "./resolve-config.js";

// interface.md §2, verbatim (comments included), plus the second group its fallbacks name.
const LITELLM_CONFIG = `
model_list:
  - model_name: claude                         # the name clients use in /bedrock/model/{name}/...
    litellm_params:                            # \`params\` is accepted as the same thing
      model: bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0   # or an ARN; \`bedrock/\` prefix optional
      aws_region_name: us-west-2
      aws_access_key_id: os.environ/AWS_ACCESS_KEY_ID              # os.environ/NAME reads the environment
      aws_secret_access_key: os.environ/AWS_SECRET_ACCESS_KEY
      aws_session_token: os.environ/AWS_SESSION_TOKEN              # optional
      aws_role_name: arn:aws:iam::123456789012:role/x              # optional: assume this role
      aws_profile_name: dev                                        # optional
      api_key: os.environ/AWS_BEARER_TOKEN_BEDROCK                 # optional: Bedrock API key instead of SigV4
      aws_bedrock_runtime_endpoint: http://127.0.0.1:9000          # optional endpoint override
      aws_bedrock_agent_runtime_endpoint: http://127.0.0.1:9000    # optional endpoint override (agent runtime)
      input_cost_per_token: 0.000003                               # optional price override
      output_cost_per_token: 0.000015
      weight: 1                                                    # optional, for balancing
      rpm: 100                                                     # optional deployment limits
      tpm: 100000
      timeout: 600                                                 # seconds
    model_info:
      id: claude-usw2                                              # optional stable deployment id
      base_model: anthropic.claude-3-5-sonnet-20240620-v1:0        # pricing for opaque ARNs
  - model_name: claude-backup
    litellm_params:
      model: bedrock/converse/anthropic.claude-3-haiku-20240307-v1:0
      drop_params: true
      use_in_pass_through: true
general_settings:
  master_key: os.environ/BEDROCK_GW_MASTER_KEY   # also env BEDROCK_GW_MASTER_KEY or LITELLM_MASTER_KEY
  database_url: os.environ/DATABASE_URL          # postgres://... ; absent = embedded file database
  alerting: ["slack"]
router_settings:
  routing_strategy: simple-shuffle               # | least-busy | latency-based-routing | usage-based-routing
  num_retries: 2
  cooldown_time: 5
  allowed_fails: 3
  fallbacks: [{ claude: [claude-backup] }]
  redis_url: os.environ/REDIS_URL                # shared state across instances; absent = in memory
litellm_settings:
  drop_params: true
  success_callback: ["langfuse"]
  langfuse_key: os.environ/LANGFUSE_KEY_ONLY_LITELLM_READS
bedrock_defaults:                    # optional; for pass-through and model-less calls
  aws_region_name: us-east-1
  aws_role_name: arn:aws:iam::123456789012:role/gateway
  aws_bedrock_agent_runtime_endpoint: https://bedrock-agent-runtime.us-east-1.amazonaws.com
`;

const ENV = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_SESSION_TOKEN: "FwoGZXIvYXdzEXAMPLETOKEN",
  AWS_BEARER_TOKEN_BEDROCK: "ABSKexamplebearertoken",
  BEDROCK_GW_MASTER_KEY: "sk-master-0123456789abcdef",
  DATABASE_URL: "postgres://gw:dbpass@db.internal:5432/gw",
  REDIS_URL: "redis://:redispass@cache.internal:6379",
};

describe("a LiteLLM config, unchanged", () => {
  const config = parseConfigText(LITELLM_CONFIG, { env: ENV });

  it("resolves the documented deployment completely", () => {
    expect(config.deployments[0]).toEqual({
      id: "claude-usw2",
      modelName: "claude",
      modelId: "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
      index: 0,
      region: "us-west-2",
      runtimeEndpoint: { origin: "http://127.0.0.1:9000", basePath: "", host: "127.0.0.1:9000" },
      agentRuntimeEndpoint: { origin: "http://127.0.0.1:9000", basePath: "", host: "127.0.0.1:9000" },
      auth: {
        credentials: {
          kind: "assume-role",
          roleArn: "arn:aws:iam::123456789012:role/x",
          stsRegion: "us-west-2",
          // the profile wins over static keys as the source of AssumeRole, as in LiteLLM
          source: { kind: "profile", profile: "dev" },
        },
        bearerToken: "ABSKexamplebearertoken",
      },
      weight: 1,
      rpm: 100,
      tpm: 100000,
      timeoutMs: 600_000,
      prices: { inputCostPerToken: 0.000003, outputCostPerToken: 0.000015 },
      baseModel: "anthropic.claude-3-5-sonnet-20240620-v1:0",
      modelInfo: {},
    });
  });

  it("lets a deployment without its own settings inherit bedrock_defaults", () => {
    const backup = config.modelGroups.get("claude-backup")?.[0];
    expect(backup).toMatchObject({
      id: "claude-backup-1",
      modelId: "anthropic.claude-3-haiku-20240307-v1:0",
      region: "us-east-1",
      runtimeEndpoint: { origin: "https://bedrock-runtime.us-east-1.amazonaws.com" },
      agentRuntimeEndpoint: { origin: "https://bedrock-agent-runtime.us-east-1.amazonaws.com" },
      auth: {
        credentials: { kind: "assume-role", roleArn: "arn:aws:iam::123456789012:role/gateway", source: { kind: "chain" } },
        bearerToken: "ABSKexamplebearertoken",
      },
    });
  });

  it("resolves the defaults target, general and router settings", () => {
    expect(config.defaults).toMatchObject({
      region: "us-east-1",
      runtimeEndpoint: { host: "bedrock-runtime.us-east-1.amazonaws.com" },
      agentRuntimeEndpoint: { host: "bedrock-agent-runtime.us-east-1.amazonaws.com" },
    });
    expect(config.general).toEqual({
      masterKey: "sk-master-0123456789abcdef",
      databaseUrl: "postgres://gw:dbpass@db.internal:5432/gw",
      allowRawPassThrough: true,
      maxRequestBodyBytes: 20_971_520,
      timeouts: { connectMs: 10_000, firstByteMs: 600_000, idleMs: 300_000 },
      publicMetrics: false,
      releaseMemoryAfterIdleMs: 10_000,
      heapGrowthPercent: 100,
      youngGenerationGrowth: false,
      youngGenerationMb: 8,
    });
    expect(config.router).toEqual({
      routingStrategy: "simple-shuffle",
      numRetries: 2,
      cooldownTime: 5,
      allowedFails: 3,
      fallbacks: new Map([["claude", ["claude-backup"]]]),
      sessionAffinity: false,
      redisUrl: "redis://:redispass@cache.internal:6379",
    });
    expect(config.warnings).toEqual([]);
  });

  it("groups deployments by model_name in config order", () => {
    expect([...config.modelGroups.keys()]).toEqual(["claude", "claude-backup"]);
    expect(config.modelGroups.get("claude")).toEqual([config.deployments[0]]);
  });
});

describe("os.environ/ references", () => {
  it("names the field and the variable when one is not set", () => {
    const env = { ...ENV, AWS_SECRET_ACCESS_KEY: undefined, REDIS_URL: undefined };
    // only the root causes: the session token now lacking its secret is not reported on top
    expect(readIssues(() => parseConfigText(LITELLM_CONFIG, { env }))).toEqual([
      "model_list[0].litellm_params.aws_secret_access_key: environment variable AWS_SECRET_ACCESS_KEY is not set",
      "router_settings.redis_url: environment variable REDIS_URL is not set",
    ]);
  });

  it("treats an empty variable as unset for optional fields", () => {
    const config = resolveConfig(
      { model_list: [deployment("a", { aws_access_key_id: "os.environ/K", aws_secret_access_key: "os.environ/S", aws_session_token: "os.environ/T" })] },
      { env: { K: "AKIAIOSFODNN7EXAMPLE", S: "secret", T: "" } },
    );
    expect(config.deployments[0]?.auth.credentials).toEqual({ kind: "static", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret" });
  });

  it("coerces numbers and booleans read from the environment", () => {
    const config = resolveConfig(
      { model_list: [deployment("a", { rpm: "os.environ/RPM", weight: "os.environ/W" })], router_settings: { session_affinity: "os.environ/AFF" } },
      { env: { RPM: "60", W: "0.5", AFF: "TRUE" } },
    );
    expect(config.deployments[0]).toMatchObject({ rpm: 60, weight: 0.5 });
    expect(config.router.sessionAffinity).toBe(true);
  });

  it("fills unset variables from environment_variables; the real environment wins", () => {
    const input = {
      environment_variables: { AWS_REGION: "eu-west-1", AWS_PROFILE: "from-file", OTHER: "os.environ/SOURCE", N: 3 },
      model_list: [deployment("a", { aws_profile_name: "os.environ/OTHER", rpm: "os.environ/N" })],
    };
    const config = resolveConfig(input, { env: { AWS_PROFILE: "real", SOURCE: "copied" } });
    expect(config.defaults.region).toBe("eu-west-1");
    expect(config.defaults.auth.credentials).toEqual({ kind: "profile", profile: "real" });
    expect(config.deployments[0]).toMatchObject({ rpm: 3, auth: { credentials: { kind: "profile", profile: "copied" } } });
    expect(readIssues(() => resolveConfig({ environment_variables: { X: "os.environ/MISSING" } }, { env: {} }))).toEqual([
      "environment_variables.X: environment variable MISSING is not set",
    ]);
  });

  it("does not read references in sections bedrock-gw ignores", () => {
    const config = resolveConfig(
      {
        litellm_settings: { langfuse_key: "os.environ/NOT_SET" },
        credential_list: [{ credential_name: "azure", credential_values: { api_key: "os.environ/NOT_SET" } }],
        general_settings: { alert_to_webhook_url: { llm_exceptions: "os.environ/NOT_SET" } },
        model_list: [deployment("a", { metadata: { k: "os.environ/NOT_SET" } }, { mode: "os.environ/NOT_SET" })],
      },
      { env: {} },
    );
    expect(config.deployments[0]?.modelInfo).toEqual({ mode: "os.environ/NOT_SET" });
  });
});

describe("deployments", () => {
  it("accepts `params` for litellm_params and generates ids from the group and position", () => {
    const config = resolveConfig(
      { model_list: [{ model_name: "nova", params: { model: "us.amazon.nova-pro-v1:0" } }, deployment("nova")] },
      { env: {} },
    );
    expect(config.deployments.map((d) => [d.id, d.modelId])).toEqual([
      ["nova-0", "us.amazon.nova-pro-v1:0"],
      ["nova-1", "anthropic.claude-3-haiku-20240307-v1:0"],
    ]);
  });

  it("calls LiteLLM's model_id and prices it as `model`", () => {
    const arn = "arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/abc123";
    const config = resolveConfig(
      { model_list: [deployment("aip", { model: "bedrock/anthropic.claude-3-haiku-20240307-v1:0", model_id: arn })] },
      { env: {} },
    );
    expect(config.deployments[0]).toMatchObject({ modelId: arn, baseModel: "anthropic.claude-3-haiku-20240307-v1:0", region: "eu-central-1" });
  });

  it("takes timeouts from the router when a deployment sets none, and request_timeout as LiteLLM's older name", () => {
    const config = resolveConfig(
      {
        model_list: [deployment("a"), deployment("b", { request_timeout: 30, stream_timeout: 5 })],
        router_settings: { timeout: 120, stream_timeout: 20 },
      },
      { env: {} },
    );
    expect(config.deployments.map((d) => [d.timeoutMs, d.streamTimeoutMs])).toEqual([
      [120_000, 20_000],
      [30_000, 5_000],
    ]);
  });

  it("keeps every price override and the rest of model_info", () => {
    const config = resolveConfig(
      {
        model_list: [
          deployment(
            "a",
            {
              input_cost_per_token: 1e-6,
              output_cost_per_token: 2e-6,
              cache_read_input_token_cost: 1e-7,
              cache_creation_input_token_cost: 1.25e-6,
              cache_creation_input_token_cost_above_1hr: 2e-6,
              max_parallel_requests: 4,
            },
            { id: 7, mode: "chat", team: "x" },
          ),
        ],
      },
      { env: {} },
    );
    expect(config.deployments[0]).toMatchObject({
      id: "7",
      maxParallelRequests: 4,
      prices: {
        inputCostPerToken: 1e-6,
        outputCostPerToken: 2e-6,
        cacheReadInputTokenCost: 1e-7,
        cacheCreationInputTokenCost: 1.25e-6,
        cacheCreationInputTokenCostAbove1hr: 2e-6,
      },
      modelInfo: { mode: "chat", team: "x" },
    });
  });

  it("accepts an empty config: no groups, everything passes through with the environment", () => {
    const config = resolveConfig({}, { env: { AWS_REGION: "ap-northeast-1" } });
    expect(config.deployments).toEqual([]);
    expect(config.defaults.region).toBe("ap-northeast-1");
    expect(config.defaults.auth).toEqual({ credentials: { kind: "chain" } });
  });
});

describe("general and router settings", () => {
  it("applies the defaults", () => {
    const config = resolveConfig({ model_list: [] }, { env: {} });
    expect(config.general).toEqual({
      allowRawPassThrough: true,
      maxRequestBodyBytes: 20 * 1024 * 1024,
      timeouts: { connectMs: 10_000, firstByteMs: 600_000, idleMs: 300_000 },
      publicMetrics: false,
      releaseMemoryAfterIdleMs: 10_000,
      heapGrowthPercent: 100,
      youngGenerationGrowth: false,
      youngGenerationMb: 8,
    });
    expect(config.router).toEqual({
      routingStrategy: "simple-shuffle",
      numRetries: 2,
      cooldownTime: 5,
      allowedFails: 3,
      fallbacks: new Map(),
      sessionAffinity: false,
    });
  });

  it("reads our keys and LiteLLM's equivalents", () => {
    const config = resolveConfig(
      {
        model_list: [deployment("a"), deployment("b")],
        general_settings: { max_request_size_mb: 2, connect_timeout: 2.5, first_byte_timeout: 60, idle_timeout: 30, public_metrics: true, release_memory_after_idle: 0, heap_growth_percent: 0, young_generation_growth: true, young_generation_mb: 4 },
        router_settings: {
          routing_strategy: "usage-based-routing-v2",
          redis_host: "cache",
          redis_password: "p@ss",
          session_affinity: true,
          health_check_interval: "os.environ/HEALTH_EVERY",
          router_general_settings: { pass_through_all_models: false },
          fallbacks: [{ a: "b" }],
        },
      },
      { env: { LITELLM_MASTER_KEY: "sk-from-litellm", BEDROCK_GW_DATA_DIR: "/var/lib/gw", HEALTH_EVERY: "2.5" } },
    );
    expect(config.general).toEqual({
      masterKey: "sk-from-litellm",
      allowRawPassThrough: false,
      maxRequestBodyBytes: 2 * 1024 * 1024,
      timeouts: { connectMs: 2500, firstByteMs: 60_000, idleMs: 30_000 },
      publicMetrics: true,
      releaseMemoryAfterIdleMs: 0,
      heapGrowthPercent: 0,
      youngGenerationGrowth: true,
      youngGenerationMb: 4,
      dataDir: "/var/lib/gw",
    });
    expect(config.router).toMatchObject({
      routingStrategy: "usage-based-routing",
      redisUrl: "redis://:p%40ss@cache:6379",
      sessionAffinity: true,
      healthCheckInterval: 2.5,
      fallbacks: new Map([["a", ["b"]]]),
    });
  });

  it("prefers BEDROCK_GW_MASTER_KEY over LITELLM_MASTER_KEY, and the config over both", () => {
    const env = { BEDROCK_GW_MASTER_KEY: "sk-ours", LITELLM_MASTER_KEY: "sk-theirs", DATABASE_URL: "postgresql://x/y" };
    expect(resolveConfig({}, { env }).general).toMatchObject({ masterKey: "sk-ours", databaseUrl: "postgresql://x/y" });
    expect(resolveConfig({ general_settings: { master_key: "sk-config" } }, { env }).general.masterKey).toBe("sk-config");
  });

  it("never uses REDIS_URL from the environment unless the config names it", () => {
    expect(resolveConfig({}, { env: { REDIS_URL: "redis://r:6379" } }).router.redisUrl).toBeUndefined();
  });
});
