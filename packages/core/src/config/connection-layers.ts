import type { ConfigPath, IssueCollector } from "./config-error.js";
import { formatConfigPath } from "./config-error.js";
import type { ConnectionInput, ConnectionKey } from "./litellm-params-schema.js";
import { connectionSchema } from "./litellm-params-schema.js";
import { readSchemaProblems } from "./zod-issues.js";

/**
 * One source of connection settings, in precedence order: a deployment's `litellm_params`, `bedrock_defaults`,
 * the environment. Region, endpoints and bearer token are taken key by key from the first layer that has them;
 * credentials come whole from the first layer that names any.
 */
export interface ConnectionLayer {
  values: ConnectionInput;
  /** how a key of this layer is named in messages: `model_list[0].litellm_params.aws_region_name`, `environment AWS_REGION` */
  pathOf(key: ConnectionKey): string;
  /** false for what a deployment inherits (bedrock_defaults, the environment): a regional AWS endpoint of
   * another region is then skipped rather than reported */
  own: boolean;
  /** the layer is the environment (whose stray settings may belong to other tools and are not reported) */
  fromEnvironment: boolean;
  /** problems of environment values, reported only when a value is used */
  problems: Partial<Record<ConnectionKey, string>>;
}

/**
 * A layer from a parsed config section.
 *
 * @example
 * createConfigLayer(params, ["model_list", 0, "litellm_params"], true)
 */
export function createConfigLayer(values: ConnectionInput, basePath: ConfigPath, own: boolean): ConnectionLayer {
  return { values, own, fromEnvironment: false, problems: {}, pathOf: (key) => formatConfigPath([...basePath, key]) };
}

// Environment variables per connection key, first set wins: the AWS SDK's names, LiteLLM's (AWS_REGION_NAME,
// AWS_BEDROCK_RUNTIME_ENDPOINT, AWS_ROLE_NAME, ...) and the SDK's service-specific endpoint variables.
const ENV_NAMES: Record<ConnectionKey, readonly string[]> = {
  aws_region_name: ["AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION"],
  aws_bedrock_runtime_endpoint: ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_BEDROCK_RUNTIME_ENDPOINT", "AWS_ENDPOINT_URL"],
  aws_bedrock_agent_runtime_endpoint: ["AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME", "AWS_ENDPOINT_URL"],
  api_base: [],
  api_key: ["AWS_BEARER_TOKEN_BEDROCK"],
  aws_access_key_id: ["AWS_ACCESS_KEY_ID"],
  aws_secret_access_key: ["AWS_SECRET_ACCESS_KEY"],
  aws_session_token: ["AWS_SESSION_TOKEN"],
  aws_profile_name: ["AWS_PROFILE", "AWS_PROFILE_NAME"],
  aws_role_name: ["AWS_ROLE_NAME"],
  aws_session_name: ["AWS_SESSION_NAME"],
  aws_web_identity_token: ["AWS_WEB_IDENTITY_TOKEN"],
  aws_sts_endpoint: ["AWS_STS_ENDPOINT"],
  aws_external_id: ["AWS_EXTERNAL_ID"],
};

// The SDK's switch to ignore configured endpoint URLs covers its own AWS_ENDPOINT_URL* variables only.
const SDK_ENDPOINT_VARIABLE = /^AWS_ENDPOINT_URL/;

/**
 * Reads an environment variable; an empty value counts as unset, as in the AWS SDK.
 *
 * @example
 * readEnv({ AWS_REGION: "" }, "AWS_REGION") // undefined
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The environment as a connection layer. Static keys win over a profile here, as in the AWS SDK's chain.
 *
 * @example
 * readEnvLayer({ AWS_REGION: "eu-west-1" }, false).values.aws_region_name // "eu-west-1"
 */
export function readEnvLayer(env: Readonly<Record<string, string | undefined>>, own: boolean): ConnectionLayer {
  const ignoreEndpoints = readEnv(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.toLowerCase() === "true";
  const values: Record<string, string> = {};
  const sources: Partial<Record<ConnectionKey, string>> = {};
  for (const [key, names] of Object.entries(ENV_NAMES) as Array<[ConnectionKey, readonly string[]]>) {
    const name = names.find((candidate) => readEnv(env, candidate) !== undefined && !(ignoreEndpoints && SDK_ENDPOINT_VARIABLE.test(candidate)));
    if (name === undefined) continue;
    values[key] = readEnv(env, name) ?? "";
    sources[key] = name;
  }
  if (values.aws_access_key_id !== undefined && values.aws_secret_access_key !== undefined) delete values.aws_profile_name;
  const problems: Partial<Record<ConnectionKey, string>> = {};
  for (const [key, message] of readSchemaProblems(connectionSchema, values)) problems[key as ConnectionKey] = message;
  return {
    values: values as ConnectionInput,
    own,
    fromEnvironment: true,
    problems,
    pathOf: (key) => `environment ${sources[key] ?? ENV_NAMES[key][0] ?? key}`,
  };
}

/**
 * A key's value from a layer; an environment value with a problem is reported (once) and treated as unset.
 *
 * @example
 * const region = readLayerValue(layer, "aws_region_name", issues);
 */
export function readLayerValue(layer: ConnectionLayer, key: ConnectionKey, issues: IssueCollector): string | undefined {
  const problem = layer.problems[key];
  if (problem !== undefined) {
    issues.add(layer.pathOf(key), problem);
    return undefined;
  }
  return layer.values[key];
}
