import { describe, expect, it } from "vitest";
import { formatResolvedConfig } from "./format-resolved-config.js";
import { maskKeyId, maskSecret, maskUrlPassword } from "./mask-secret.js";
import { resolveConfig } from "./resolve-config.js";

const SECRETS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
  sessionToken: "FwoGZXIvYXdzEJr7SESSIONTOKENEXAMPLE",
  bearer: "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl",
  defaultsBearer: "ABSKZGVmYXVsdHNiZWFyZXJ0b2tlbg",
  webToken: "eyJhbGciOiJSUzI1NiJ9.WEBIDENTITYTOKEN",
  externalId: "xid-7Q2mZ9pL4kR8vT3w",
  masterKey: "sk-mQ9vX2pL7aZ4rT8kW3nYfXYZ",
  dbPassword: "db-pa55word-xyz",
  redisPassword: "redis-pa55word-xyz",
};

function resolveExample() {
  return resolveConfig(
    {
      model_list: [
        {
          model_name: "claude",
          litellm_params: {
            model: "bedrock/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
            aws_region_name: "us-west-2",
            aws_access_key_id: SECRETS.accessKeyId,
            aws_secret_access_key: SECRETS.secretAccessKey,
            aws_session_token: SECRETS.sessionToken,
            api_key: SECRETS.bearer,
            rpm: 100,
            weight: 2,
            timeout: 600,
            input_cost_per_token: 0.000003,
          },
          model_info: { id: "claude-usw2", base_model: "anthropic.claude-3-5-sonnet-20240620-v1:0" },
        },
        {
          model_name: "claude",
          litellm_params: {
            model: "us.anthropic.claude-3-5-sonnet-20240620-v1:0",
            aws_role_name: "arn:aws:iam::123456789012:role/x",
            aws_external_id: SECRETS.externalId,
            aws_session_name: "gw",
          },
        },
        {
          model_name: "nova",
          litellm_params: {
            model: "us.amazon.nova-pro-v1:0",
            aws_web_identity_token: SECRETS.webToken,
            aws_role_name: "arn:aws:iam::123456789012:role/web",
            aws_bedrock_runtime_endpoint: "http://127.0.0.1:9000/base",
          },
        },
      ],
      bedrock_defaults: { aws_profile_name: "gateway", api_key: SECRETS.defaultsBearer },
      general_settings: { master_key: SECRETS.masterKey, database_url: `postgres://gw:${SECRETS.dbPassword}@db:5432/gw` },
      router_settings: {
        redis_url: `rediss://default:${SECRETS.redisPassword}@cache:6380`,
        fallbacks: [{ nova: ["claude"] }],
        health_check_interval: 30,
      },
    },
    { env: { AWS_REGION: "us-east-1" } },
  );
}

describe("formatResolvedConfig", () => {
  const text = formatResolvedConfig(resolveExample());

  it("never prints a secret, key, token, password or master key in full (nor a long piece of one)", () => {
    for (const secret of Object.values(SECRETS)) {
      expect(text).not.toContain(secret);
      for (let start = 0; start + 8 <= secret.length; start++) expect(text).not.toContain(secret.slice(start, start + 8));
    }
  });

  it("lists every deployment with group, id, model, region, endpoints and auth kind", () => {
    expect(text).toContain("3 deployment(s) in 2 model group(s)");
    expect(text).toContain(
      [
        "model group claude",
        "  - claude-usw2 (model_list[0])",
        "      model id:      us.anthropic.claude-3-5-sonnet-20240620-v1:0",
        "      base model:    anthropic.claude-3-5-sonnet-20240620-v1:0",
        "      region:        us-west-2",
        "      runtime:       https://bedrock-runtime.us-west-2.amazonaws.com",
        "      agent runtime: https://bedrock-agent-runtime.us-west-2.amazonaws.com",
        "      auth:          Bedrock API key **** (runtime); SigV4 with static keys AKIA…MPLE (secret ****, session token ****) (agent runtime)",
        "      limits:        weight 2, rpm 100, timeout 600 s",
        "      prices (USD):  input 0.000003/token",
      ].join("\n"),
    );
    expect(text).toContain(
      "auth:          Bedrock API key **** (runtime); SigV4 with role arn:aws:iam::123456789012:role/x (session gw, external id ****, STS us-east-1) assumed with the AWS default credential chain (agent runtime)",
    );
    expect(text).toContain("runtime:       http://127.0.0.1:9000/base");
    expect(text).toContain("SigV4 with web identity for role arn:aws:iam::123456789012:role/web (token ****, STS us-east-1)");
  });

  it("shows the defaults, router and general settings", () => {
    expect(text).toContain(
      [
        "pass-through and model-less calls (bedrock_defaults, then the environment)",
        "  region:        us-east-1",
        "  runtime:       https://bedrock-runtime.us-east-1.amazonaws.com",
        "  agent runtime: https://bedrock-agent-runtime.us-east-1.amazonaws.com",
        '  auth:          Bedrock API key **** (runtime); SigV4 with profile "gateway" (agent runtime)',
      ].join("\n"),
    );
    expect(text).toContain("  fallbacks:        nova → claude");
    expect(text).toContain("  health checks:    CountTokens to each deployment every 30 s");
    expect(text).toContain("  shared state:     redis rediss://default:****@cache:6380");
    expect(text).toContain("  master key:       sk-m…fXYZ");
    expect(text).toContain("  database:         postgres://gw:****@db:5432/gw");
    expect(text).toContain("  timeouts:         connect 10 s, first byte 600 s, idle 300 s");
  });

  it("says when there is no master key and no health checks", () => {
    const text = formatResolvedConfig(resolveConfig({}, { env: {} }));
    expect(text).toContain("master key:       none (dev mode: requests need no key)");
    expect(text).toContain("health checks:    off");
  });
});

describe("masking", () => {
  it("hides secrets and short keys completely, and shows the ends of long key ids", () => {
    expect(maskSecret("anything")).toBe("****");
    expect(maskKeyId("sk-1234")).toBe("****");
    expect(maskKeyId("AKIAIOSFODNN7EXAMPLE")).toBe("AKIA…MPLE");
  });

  it("hides URL passwords, user-only tokens and password query parameters", () => {
    expect(maskUrlPassword("postgres://u:p@ss/w@rd@db:5432/x")).toBe("postgres://u:****@db:5432/x");
    expect(maskUrlPassword("redis://token-only@cache:6379")).toBe("redis://****@cache:6379");
    expect(maskUrlPassword("postgres://db/x?sslmode=require&password=hunter2")).toBe("postgres://db/x?sslmode=require&password=****");
    expect(maskUrlPassword("redis://cache:6379")).toBe("redis://cache:6379");
    expect(maskUrlPassword("not a url")).toBe("****");
  });
});
