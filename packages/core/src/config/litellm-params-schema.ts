import { z } from "zod";
import {
  checkedText,
  ignoredKey,
  optionalEndpoint,
  optionalModelId,
  optionalNumber,
  optionalRegion,
  optionalRoleArn,
  optionalSecret,
  optionalText,
  requiredModelId,
  shapeOf,
  unsupportedShapeOf,
} from "./schema-fields.js";

/**
 * Where and how to reach Bedrock: LiteLLM's `aws_*` keys plus `api_base` and `api_key`, and our
 * `aws_bedrock_agent_runtime_endpoint`. Shared by `litellm_params` and `bedrock_defaults`.
 */
export const connectionShape = {
  aws_access_key_id: optionalSecret(),
  aws_secret_access_key: optionalSecret(),
  aws_session_token: optionalSecret(),
  aws_region_name: optionalRegion(),
  aws_session_name: checkedText(
    (value) => /^[\w+=,.@-]{2,64}$/.test(value),
    (value) => `${JSON.stringify(value)} is not a role session name (2-64 letters, digits or +=,.@_-)`,
  ),
  aws_profile_name: optionalText(),
  aws_role_name: optionalRoleArn(),
  aws_web_identity_token: optionalSecret(),
  aws_sts_endpoint: optionalEndpoint(),
  aws_external_id: checkedText(
    (value) => /^[\w+=,.@:/-]{2,1224}$/.test(value),
    () => "is not an external id (2-1224 letters, digits or +=,.@:/_-; value not shown)",
  ),
  aws_bedrock_runtime_endpoint: optionalEndpoint(),
  aws_bedrock_agent_runtime_endpoint: optionalEndpoint(),
  api_base: optionalEndpoint(),
  api_key: optionalSecret(),
};

/** The connection keys, for tables that walk them. */
export type ConnectionKey = keyof typeof connectionShape;

export const connectionSchema = z.object(connectionShape);

/** One source of connection settings, as parsed: a deployment's `litellm_params`, `bedrock_defaults` or the env. */
export type ConnectionInput = z.output<typeof connectionSchema>;

// litellm_params keys that LiteLLM has and that change nothing on a pass-through call (request defaults, LiteLLM's
// own retries and tagging, the pass-through registration switch): accepted so LiteLLM configs load unchanged.
export const IGNORED_PARAMS = [
  "drop_params",
  "additional_drop_params",
  "use_in_pass_through",
  "use_litellm_proxy",
  "order",
  "region_name", // LiteLLM's region label for its pre-call region filter, not an AWS region
  "max_retries",
  "num_retries",
  "tags",
  "metadata",
  "mock_response",
  "supports_system_message",
  "merge_reasoning_content_in_choices",
  "max_tokens",
  "temperature",
  "top_p",
  "stop",
  "cache_control_injection_points",
  "configurable_clientside_auth_params",
] as const;

// LiteLLM keys whose effect bedrock-gw cannot reproduce. Ignoring them would quietly change which credentials or
// prices a call uses, so they are rejected with what to do instead. Any other key is a typo and is rejected too.
const UNSUPPORTED_PARAMS: Record<string, string> = {
  aws_session_tags: "is not supported (bedrock-gw does not pass session tags to AssumeRole); remove it",
  litellm_credential_name:
    "is not supported (no credential_list); put the aws_* keys in litellm_params, with os.environ/NAME for secrets",
  input_cost_per_second: "is not supported; use input_cost_per_token",
  output_cost_per_second: "is not supported; use output_cost_per_token",
};

// LiteLLM's `ssl_verify: false` (or a CA bundle path) cannot be honoured per deployment; `true` is what we do anyway.
function sslVerifyField() {
  return z.preprocess(
    (value) => (value === "true" ? true : value === "false" ? false : value === null ? undefined : value),
    z
      .literal(true, { error: "only true is supported: bedrock-gw always verifies TLS (use NODE_EXTRA_CA_CERTS for a private CA)" })
      .optional(),
  );
}

const priceShape = {
  input_cost_per_token: optionalNumber({ min: 0 }),
  output_cost_per_token: optionalNumber({ min: 0 }),
  cache_read_input_token_cost: optionalNumber({ min: 0 }),
  cache_creation_input_token_cost: optionalNumber({ min: 0 }),
  cache_creation_input_token_cost_above_1hr: optionalNumber({ min: 0 }),
};

/** `model_list[].litellm_params` (or `params`): the model, its connection, limits and price overrides. */
export const deploymentParamsSchema = z.strictObject({
  ...shapeOf(IGNORED_PARAMS, ignoredKey),
  ...unsupportedShapeOf(UNSUPPORTED_PARAMS),
  ...connectionShape,
  ...priceShape,
  model: requiredModelId(),
  /** LiteLLM: the id (typically an ARN) to call, while `model` names the model family for pricing */
  model_id: optionalModelId(),
  custom_llm_provider: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z
      .literal("bedrock", {
        error: (issue) => `must be "bedrock" (bedrock-gw serves Bedrock only), got ${JSON.stringify(issue.input)}`,
      })
      .optional(),
  ),
  weight: optionalNumber({ min: 0, exclusive: true }),
  rpm: optionalNumber({ min: 0, integer: true }),
  tpm: optionalNumber({ min: 0, integer: true }),
  max_parallel_requests: optionalNumber({ min: 1, integer: true }),
  timeout: optionalNumber({ min: 0, exclusive: true }),
  stream_timeout: optionalNumber({ min: 0, exclusive: true }),
  /** LiteLLM's older name for `timeout` */
  request_timeout: optionalNumber({ min: 0, exclusive: true }),
  ssl_verify: sslVerifyField(),
});

export type DeploymentParamsInput = z.output<typeof deploymentParamsSchema>;

// litellm_params keys that make no sense for the pass-through/model-less target.
const NOT_FOR_DEFAULTS: Record<string, string> = Object.fromEntries(
  ["model", "model_id", "weight", "rpm", "tpm", "max_parallel_requests", "timeout", "stream_timeout", "request_timeout"]
    .concat(Object.keys(priceShape))
    .map((key) => [key, "belongs in a model_list entry; bedrock_defaults holds only connection settings (aws_* keys, api_base, api_key)"]),
);

/** `bedrock_defaults`: the connection for pass-through ids and model-less calls; same keys as litellm_params. */
export const bedrockDefaultsSchema = z.strictObject({
  ...unsupportedShapeOf(NOT_FOR_DEFAULTS),
  ...unsupportedShapeOf(UNSUPPORTED_PARAMS),
  ...connectionShape,
  custom_llm_provider: ignoredKey(),
  ssl_verify: sslVerifyField(),
});

export type BedrockDefaultsInput = z.output<typeof bedrockDefaultsSchema>;

/** `model_list[].model_info`: free-form (kept for /model/info) except `id` and `base_model`. */
export const modelInfoSchema = z.looseObject({
  id: z.preprocess(
    (value) => (typeof value === "number" ? String(value) : value === null ? undefined : value),
    z
      .string()
      .refine((value) => value.trim() !== "", { error: "must not be empty" })
      .optional(),
  ),
  base_model: optionalModelId(),
});

/** One `model_list` entry. `params` is accepted as another name for `litellm_params`. */
export const deploymentSchema = z.strictObject({
  model_name: z.string().refine((value) => value.trim() !== "", { error: "must not be empty" }),
  litellm_params: z.unknown().optional(),
  params: z.unknown().optional(),
  model_info: z.preprocess((value) => (value === null ? undefined : value), modelInfoSchema.optional()),
});
