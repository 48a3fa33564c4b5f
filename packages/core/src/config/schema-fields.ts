import { z } from "zod";
import { isAwsRegion, isRoleArn } from "./aws-regions.js";
import { parseEndpointUrl } from "./endpoint-url.js";
import { isBedrockModelId, stripBedrockPrefix } from "./model-id.js";

// LiteLLM (Python) treats an empty or null value as "not set", and so does the AWS SDK for an empty variable:
// `aws_session_token: os.environ/AWS_SESSION_TOKEN` with an empty variable means no session token.
const toOptional = (value: unknown): unknown => (value === "" || value === null ? undefined : value);

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// Values read with os.environ/ are strings; pydantic (LiteLLM) coerces "100" to 100 and "true" to true, and so do we.
const toNumber = (value: unknown): unknown =>
  typeof value === "string" && NUMERIC.test(value.trim()) ? Number(value.trim()) : toOptional(value);
const toBoolean = (value: unknown): unknown =>
  typeof value === "string" && /^(?:true|false)$/i.test(value.trim()) ? value.trim().toLowerCase() === "true" : toOptional(value);

/**
 * An optional plain string; `""` and `null` count as absent.
 *
 * @example
 * z.object({ aws_profile_name: optionalText() })
 */
export function optionalText() {
  return z.preprocess(toOptional, z.string().optional());
}

/** An optional secret: like `optionalText`, but a message never repeats the value. */
export function optionalSecret() {
  return z.preprocess(
    toOptional,
    z
      .string({ error: "must be a string (quote it in YAML)" })
      .refine((value) => !/\s/.test(value), { error: "must not contain whitespace (value not shown)" })
      .optional(),
  );
}

/** A required, non-blank string. */
export function requiredText() {
  return z.string().refine((value) => value.trim() !== "", { error: "must not be empty" });
}

/**
 * An optional string that must pass `isValid`; `describe(value)` says what is wrong.
 *
 * @example
 * checkedText(isAwsRegion, (value) => `${JSON.stringify(value)} is not a region`)
 */
export function checkedText(isValid: (value: string) => boolean, describe: (value: string) => string) {
  return z.preprocess(
    toOptional,
    z
      .string()
      .refine(isValid, { error: (issue) => describe(String(issue.input)) })
      .optional(),
  );
}

/**
 * An optional secret that must pass `isValid`; `problem` is the whole message, since the value is never shown.
 *
 * @example
 * checkedSecret((value) => value.startsWith("sk-"), 'must start with "sk-" (value not shown)')
 */
export function checkedSecret(isValid: (value: string) => boolean, problem: string) {
  return z.preprocess(
    toOptional,
    z
      .string({ error: "must be a string (quote it in YAML)" })
      .refine(isValid, { error: problem })
      .optional(),
  );
}

/** An optional AWS region name (`us-east-1`, `us-gov-west-1`, `cn-north-1`, ...). */
export function optionalRegion() {
  return checkedText(isAwsRegion, (value) => `${JSON.stringify(value)} is not a region`);
}

/** An optional endpoint URL (absolute http/https, no credentials, query or fragment). */
export function optionalEndpoint() {
  return z.preprocess(
    toOptional,
    z
      .string()
      .check((context) => {
        const parsed = parseEndpointUrl(context.value);
        if (!parsed.ok) context.issues.push({ code: "custom", message: parsed.problem, input: context.value });
      })
      .optional(),
  );
}

/** An optional IAM role ARN (`aws_role_name` holds a full ARN in LiteLLM). */
export function optionalRoleArn() {
  return checkedText(
    isRoleArn,
    (value) => `${JSON.stringify(value)} is not an IAM role ARN (expected arn:aws:iam::123456789012:role/name)`,
  );
}

const describeModelId = (value: string): string =>
  `${JSON.stringify(value)} is not a Bedrock model id or ARN ` +
  "(expected e.g. bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0, us.amazon.nova-pro-v1:0 or arn:aws:bedrock:...)";
const isPrefixedModelId = (value: string): boolean => isBedrockModelId(stripBedrockPrefix(value));

/** A required Bedrock model id or ARN, with or without LiteLLM's `bedrock/` prefixes. */
export function requiredModelId() {
  return z
    .string()
    .refine((value) => value.trim() !== "", { error: "must not be empty", abort: true })
    .refine(isPrefixedModelId, { error: (issue) => describeModelId(String(issue.input)) });
}

/** An optional Bedrock model id or ARN (`model_id`, `model_info.base_model`). */
export function optionalModelId() {
  return checkedText(isPrefixedModelId, describeModelId);
}

export interface NumberRule {
  /** lower bound */
  min: number;
  /** the bound itself is not allowed (`> 0` rather than `≥ 0`) */
  exclusive?: boolean;
  integer?: boolean;
}

/**
 * An optional finite number with a lower bound; numeric strings (from `os.environ/`) are accepted.
 *
 * @example
 * optionalNumber({ min: 0, integer: true }) // rpm, tpm
 * optionalNumber({ min: 0, exclusive: true }) // weight, timeouts
 */
export function optionalNumber(rule: NumberRule) {
  let schema = z.number();
  if (rule.integer === true) schema = schema.int();
  schema = rule.exclusive === true ? schema.gt(rule.min) : schema.min(rule.min);
  return z.preprocess(toNumber, schema.optional());
}

/** An optional boolean; `"true"` / `"false"` strings (from `os.environ/`) are accepted. */
export function optionalBoolean() {
  return z.preprocess(toBoolean, z.boolean().optional());
}

/**
 * A key that LiteLLM has but bedrock-gw cannot honour: present at all, it is an error with `reason`.
 *
 * @example
 * unsupportedKey("session tags are not supported")
 */
export function unsupportedKey(reason: string) {
  return z.preprocess(toOptional, z.never({ error: reason }).optional());
}

/** A key that LiteLLM has and that has no effect on a pass-through call: accepted and ignored. */
export function ignoredKey() {
  return z.unknown().optional();
}

/**
 * Builds a zod shape from a table of key names that share one schema factory.
 *
 * @example
 * const shape = shapeOf(["drop_params", "order"], ignoredKey);
 */
export function shapeOf<T extends z.ZodType>(keys: readonly string[], create: () => T): Record<string, T> {
  return Object.fromEntries(keys.map((key) => [key, create()]));
}

/** Builds a zod shape from a table of key → reason for keys that LiteLLM has and bedrock-gw rejects. */
export function unsupportedShapeOf(reasons: Readonly<Record<string, string>>): Record<string, ReturnType<typeof unsupportedKey>> {
  return Object.fromEntries(Object.entries(reasons).map(([key, reason]) => [key, unsupportedKey(reason)]));
}
