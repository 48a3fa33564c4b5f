import { describe, expect, it } from "vitest";
import { deployment, readIssues } from "./config-test-helpers.test-suite.js";
import { resolveConfig } from "./resolve-config.js";

type Env = Record<string, string | undefined>;
const ARN = "arn:aws:bedrock:eu-west-3:123456789012:application-inference-profile/p1";
const ROLE = "arn:aws:iam::123456789012:role/gateway";

function resolveOne(params: Record<string, unknown>, defaults?: Record<string, unknown>, env: Env = {}) {
  const config = resolveConfig({ model_list: [deployment("m", params)], ...(defaults !== undefined ? { bedrock_defaults: defaults } : {}) }, { env });
  return { deployment: config.deployments[0]!, defaults: config.defaults };
}

describe("region precedence", () => {
  const allEnv = { AWS_REGION_NAME: "ap-south-1", AWS_REGION: "ap-south-2", AWS_DEFAULT_REGION: "ca-central-1" };

  it("aws_region_name → ARN region → bedrock_defaults → AWS_REGION_NAME → AWS_REGION → AWS_DEFAULT_REGION → us-east-1", () => {
    const defaults = { aws_region_name: "sa-east-1" };
    expect(resolveOne({ model: ARN, aws_region_name: "us-west-2" }, defaults, allEnv).deployment.region).toBe("us-west-2");
    expect(resolveOne({ model: `bedrock/${ARN}` }, defaults, allEnv).deployment.region).toBe("eu-west-3");
    expect(resolveOne({}, defaults, allEnv).deployment.region).toBe("sa-east-1");
    expect(resolveOne({}, undefined, allEnv).deployment.region).toBe("ap-south-1");
    expect(resolveOne({}, undefined, { ...allEnv, AWS_REGION_NAME: undefined }).deployment.region).toBe("ap-south-2");
    expect(resolveOne({}, undefined, { AWS_DEFAULT_REGION: "ca-central-1" }).deployment.region).toBe("ca-central-1");
    expect(resolveOne({}, undefined, { AWS_REGION: "" }).deployment.region).toBe("us-east-1");
  });

  it("gives the defaults target bedrock_defaults, then the environment, never a deployment's ARN", () => {
    expect(resolveOne({ model: ARN }, undefined, allEnv).defaults.region).toBe("ap-south-1");
    expect(resolveOne({ model: ARN }, { aws_region_name: "eu-north-1" }, allEnv).defaults.region).toBe("eu-north-1");
  });
});

describe("endpoint precedence", () => {
  const envEndpoints = {
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: "http://runtime-env:1",
    AWS_BEDROCK_RUNTIME_ENDPOINT: "http://litellm-env:2",
    AWS_ENDPOINT_URL: "http://generic-env:3",
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: "http://agent-env:4",
  };
  const runtimeOf = (params: Record<string, unknown>, defaults?: Record<string, unknown>, env: Env = {}) =>
    resolveOne(params, defaults, env).deployment.runtimeEndpoint.origin;
  const agentOf = (params: Record<string, unknown>, defaults?: Record<string, unknown>, env: Env = {}) =>
    resolveOne(params, defaults, env).deployment.agentRuntimeEndpoint.origin;

  it("runtime: api_base → aws_bedrock_runtime_endpoint → bedrock_defaults → env variables → default host", () => {
    const defaults = { aws_bedrock_runtime_endpoint: "http://defaults:5" };
    expect(runtimeOf({ api_base: "http://api-base:6", aws_bedrock_runtime_endpoint: "http://own:7" }, defaults, envEndpoints)).toBe("http://api-base:6");
    expect(runtimeOf({ aws_bedrock_runtime_endpoint: "http://own:7" }, defaults, envEndpoints)).toBe("http://own:7");
    expect(runtimeOf({}, defaults, envEndpoints)).toBe("http://defaults:5");
    expect(runtimeOf({}, undefined, envEndpoints)).toBe("http://runtime-env:1");
    expect(runtimeOf({}, undefined, { ...envEndpoints, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: undefined })).toBe("http://litellm-env:2");
    expect(runtimeOf({}, undefined, { AWS_ENDPOINT_URL: "http://generic-env:3" })).toBe("http://generic-env:3");
    expect(runtimeOf({ aws_region_name: "eu-west-1" })).toBe("https://bedrock-runtime.eu-west-1.amazonaws.com");
  });

  it("agent runtime: aws_bedrock_agent_runtime_endpoint → bedrock_defaults → env variables; api_base is runtime only", () => {
    const defaults = { aws_bedrock_agent_runtime_endpoint: "http://defaults-agent:8" };
    expect(agentOf({ aws_bedrock_agent_runtime_endpoint: "http://own-agent:9" }, defaults, envEndpoints)).toBe("http://own-agent:9");
    expect(agentOf({ api_base: "http://api-base:6" }, defaults, envEndpoints)).toBe("http://defaults-agent:8");
    expect(agentOf({}, undefined, envEndpoints)).toBe("http://agent-env:4");
    expect(agentOf({}, undefined, { AWS_ENDPOINT_URL: "http://generic-env:3" })).toBe("http://generic-env:3");
    expect(agentOf({ api_base: "http://api-base:6", aws_region_name: "us-east-2" })).toBe("https://bedrock-agent-runtime.us-east-2.amazonaws.com");
  });

  it("honours AWS_IGNORE_CONFIGURED_ENDPOINT_URLS for the SDK's variables only", () => {
    const env = { ...envEndpoints, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_REGION: "us-west-1" };
    expect(runtimeOf({}, undefined, env)).toBe("http://litellm-env:2");
    expect(agentOf({}, undefined, env)).toBe("https://bedrock-agent-runtime.us-west-1.amazonaws.com");
  });

  it("keeps the base path and the signed host of an override", () => {
    expect(resolveOne({ aws_bedrock_runtime_endpoint: "https://gw.example.com:8443/bedrock/" }).deployment.runtimeEndpoint).toEqual({
      origin: "https://gw.example.com:8443",
      basePath: "/bedrock",
      host: "gw.example.com:8443",
    });
  });

  it("uses the partition's DNS suffix and FIPS hosts for defaults", () => {
    expect(resolveOne({ aws_region_name: "cn-northwest-1" }).deployment.runtimeEndpoint.host).toBe("bedrock-runtime.cn-northwest-1.amazonaws.com.cn");
    expect(resolveOne({ aws_region_name: "us-iso-east-1" }).deployment.agentRuntimeEndpoint.host).toBe("bedrock-agent-runtime.us-iso-east-1.c2s.ic.gov");
    expect(resolveOne({ aws_region_name: "us-isob-east-1" }).deployment.runtimeEndpoint.host).toBe("bedrock-runtime.us-isob-east-1.sc2s.sgov.gov");
    const fips = resolveOne({ aws_region_name: "us-gov-west-1" }, undefined, { AWS_USE_FIPS_ENDPOINT: "true" }).deployment;
    expect([fips.runtimeEndpoint.host, fips.agentRuntimeEndpoint.host]).toEqual([
      "bedrock-runtime-fips.us-gov-west-1.amazonaws.com",
      "bedrock-agent-runtime-fips.us-gov-west-1.amazonaws.com",
    ]);
  });

  it("does not inherit an AWS endpoint of another region, but reports one a deployment names itself", () => {
    const defaults = { aws_region_name: "us-east-1", aws_bedrock_agent_runtime_endpoint: "https://bedrock-agent-runtime.us-east-1.amazonaws.com" };
    const inherited = resolveOne({ aws_region_name: "us-west-2" }, defaults).deployment;
    expect(inherited.agentRuntimeEndpoint.host).toBe("bedrock-agent-runtime.us-west-2.amazonaws.com");
    expect(resolveOne({}, defaults).deployment.agentRuntimeEndpoint.host).toBe("bedrock-agent-runtime.us-east-1.amazonaws.com");
    expect(
      readIssues(() => resolveOne({ aws_region_name: "us-west-2", aws_bedrock_runtime_endpoint: "https://bedrock-runtime.eu-west-1.amazonaws.com" })),
    ).toEqual([
      "model_list[0].litellm_params.aws_bedrock_runtime_endpoint: https://bedrock-runtime.eu-west-1.amazonaws.com serves eu-west-1, " +
        "but the region is us-west-2 (from model_list[0].litellm_params.aws_region_name); SigV4 signatures would not match: " +
        "set aws_region_name: eu-west-1 or use an endpoint in us-west-2",
    ]);
  });
});

describe("credential precedence", () => {
  const credentialsOf = (params: Record<string, unknown>, defaults?: Record<string, unknown>, env: Env = {}) =>
    resolveOne(params, defaults, env).deployment.auth.credentials;
  const keys = { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE", aws_secret_access_key: "secret-key" };

  it("web identity with a token and role, with session name and the target's region for STS", () => {
    expect(credentialsOf({ aws_web_identity_token: "eyJtoken", aws_role_name: ROLE, aws_session_name: "gw", aws_region_name: "eu-west-1", ...keys })).toEqual({
      kind: "web-identity",
      roleArn: ROLE,
      token: "eyJtoken",
      sessionName: "gw",
      stsRegion: "eu-west-1",
    });
  });

  it("web identity from AWS_WEB_IDENTITY_TOKEN_FILE for the pod's own role; another role is assumed from the chain", () => {
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: "/var/run/secrets/token", AWS_ROLE_ARN: ROLE };
    expect(credentialsOf({ aws_role_name: ROLE }, undefined, env)).toEqual({
      kind: "web-identity",
      roleArn: ROLE,
      tokenFile: "/var/run/secrets/token",
      stsRegion: "us-east-1",
    });
    const other = "arn:aws:iam::210987654321:role/cross-account";
    expect(credentialsOf({ aws_role_name: other }, undefined, env)).toEqual({
      kind: "assume-role",
      roleArn: other,
      stsRegion: "us-east-1",
      source: { kind: "chain" },
    });
  });

  it("assume role from the layer's static keys, with external id and the STS endpoint's region", () => {
    expect(
      credentialsOf({ aws_role_name: ROLE, aws_external_id: "ext-123", aws_sts_endpoint: "https://sts.eu-central-1.amazonaws.com", ...keys, aws_session_token: "tok" }),
    ).toEqual({
      kind: "assume-role",
      roleArn: ROLE,
      externalId: "ext-123",
      stsRegion: "eu-central-1",
      stsEndpoint: "https://sts.eu-central-1.amazonaws.com",
      source: { kind: "static", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret-key", sessionToken: "tok" },
    });
  });

  it("profile over static keys, static keys with a session token, else the chain", () => {
    expect(credentialsOf({ aws_profile_name: "dev", ...keys })).toEqual({ kind: "profile", profile: "dev" });
    expect(credentialsOf({ ...keys, aws_session_token: "tok" })).toEqual({
      kind: "static",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "secret-key",
      sessionToken: "tok",
    });
    expect(credentialsOf({})).toEqual({ kind: "chain" });
  });

  it("inherits bedrock_defaults whole, then the environment (keys over AWS_PROFILE)", () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIAENVENVENVENVENV1", AWS_SECRET_ACCESS_KEY: "env-secret", AWS_PROFILE: "env-profile" };
    expect(credentialsOf({}, { aws_profile_name: "defaults" }, env)).toEqual({ kind: "profile", profile: "defaults" });
    expect(credentialsOf({}, { aws_region_name: "us-east-1" }, env)).toEqual({ kind: "static", accessKeyId: "AKIAENVENVENVENVENV1", secretAccessKey: "env-secret" });
    expect(credentialsOf({}, undefined, { AWS_PROFILE: "env-profile" })).toEqual({ kind: "profile", profile: "env-profile" });
    // a deployment's own settings are never mixed with inherited ones
    expect(credentialsOf({ aws_role_name: ROLE }, { aws_profile_name: "defaults" }, env)).toMatchObject({ kind: "assume-role", source: { kind: "chain" } });
  });

  it("reads LiteLLM's AWS_ROLE_NAME / AWS_SESSION_NAME variables for the environment layer", () => {
    expect(resolveOne({}, undefined, { AWS_ROLE_NAME: ROLE, AWS_SESSION_NAME: "lite" }).defaults.auth.credentials).toEqual({
      kind: "assume-role",
      roleArn: ROLE,
      sessionName: "lite",
      stsRegion: "us-east-1",
      source: { kind: "chain" },
    });
  });

  it("bearer token: api_key → bedrock_defaults.api_key → AWS_BEARER_TOKEN_BEDROCK", () => {
    const env = { AWS_BEARER_TOKEN_BEDROCK: "ABSKenv" };
    expect(resolveOne({ api_key: "ABSKown" }, { api_key: "ABSKdefaults" }, env).deployment.auth.bearerToken).toBe("ABSKown");
    expect(resolveOne({ ...keys }, { api_key: "ABSKdefaults" }, env).deployment.auth.bearerToken).toBe("ABSKdefaults");
    const fromEnv = resolveOne({ ...keys }, undefined, env);
    expect(fromEnv.deployment.auth).toEqual({ credentials: { kind: "static", ...{ accessKeyId: keys.aws_access_key_id, secretAccessKey: "secret-key" } }, bearerToken: "ABSKenv" });
    expect(fromEnv.defaults.auth.bearerToken).toBe("ABSKenv");
    expect(resolveOne({}).deployment.auth.bearerToken).toBeUndefined();
  });

  it("reports incomplete or contradictory credentials", () => {
    expect(
      readIssues(() =>
        resolveConfig(
          {
            model_list: [
              deployment("a", { aws_access_key_id: "AKIAIOSFODNN7EXAMPLE" }),
              deployment("b", { aws_secret_access_key: "s", aws_session_token: "t" }),
              deployment("c", { aws_web_identity_token: "tok" }),
              deployment("d", { aws_session_name: "gw", aws_external_id: "ext-1" }),
              deployment("e", { aws_web_identity_token: "tok", aws_role_name: ROLE, aws_external_id: "ext-1" }),
            ],
          },
          { env: { AWS_SESSION_NAME: "belongs-to-another-tool" } },
        ),
      ),
    ).toEqual([
      "model_list[0].litellm_params.aws_secret_access_key: required when aws_access_key_id is set",
      "model_list[1].litellm_params.aws_access_key_id: required when aws_secret_access_key is set",
      "model_list[1].litellm_params.aws_session_token: needs aws_access_key_id and aws_secret_access_key (it belongs to temporary keys)",
      "model_list[2].litellm_params.aws_role_name: required with aws_web_identity_token (the role the token is exchanged for)",
      "model_list[3].litellm_params.aws_session_name: has no effect without aws_role_name (or aws_web_identity_token) in the same section",
      "model_list[3].litellm_params.aws_external_id: has no effect without aws_role_name (or aws_web_identity_token) in the same section",
      "model_list[4].litellm_params.aws_external_id: has no effect with web identity (AssumeRoleWithWebIdentity takes no external id)",
    ]);
  });

  it("reports a bad environment value only where it is used, with the variable's name", () => {
    expect(resolveConfig({ bedrock_defaults: { aws_region_name: "us-east-1" } }, { env: { AWS_REGION: "moon-1" } }).defaults.region).toBe("us-east-1");
    expect(readIssues(() => resolveConfig({}, { env: { AWS_REGION: "moon-1", AWS_ENDPOINT_URL: "localhost:9000" } }))).toEqual([
      'environment AWS_REGION: "moon-1" is not a region',
      'environment AWS_ENDPOINT_URL: "localhost:9000" is not an absolute http(s) URL',
    ]);
  });
});
