import type { ModelFamily } from "./types.js";

/** Cross-region (CRIS) inference-profile prefixes, fact sheet §9. */
const PROFILE_PREFIXES = ["us.", "eu.", "apac.", "jp.", "au.", "us-gov.", "global."] as const;

/** Base model id prefix → family; the first match wins. */
const FAMILY_PREFIXES: readonly (readonly [prefix: string, family: ModelFamily])[] = [
  ["anthropic.", "anthropic"],
  ["amazon.nova", "nova"],
  ["amazon.titan-text", "titan-text"],
  ["amazon.titan-tg1", "titan-text"],
  ["amazon.titan-embed", "titan-embed"],
  ["meta.llama", "llama"],
  ["mistral.", "mistral"],
  ["cohere.command", "cohere-command"],
  ["cohere.embed", "cohere-embed"],
];

// arn:<partition>:bedrock:<region>:<account>:<resource-type>/<resource-id>
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/;

/** What each ARN resource type says about the model; the other types (custom, provisioned, imported models,
 * application inference profiles) cannot be mapped to a model without the control plane. */
const ARN_RESOURCES: Readonly<Record<string, (id: string) => string>> = {
  "foundation-model": (id) => id,
  "inference-profile": (id) => id,
};

/**
 * The id a price table knows a model by: a geo/global profile prefix stripped, a foundation-model ARN reduced to its
 * id, a system inference-profile ARN reduced to its profile id (`us.x`, whose prefix a second call strips). Returns
 * undefined for ARNs that do not name a model (application inference profiles, custom or provisioned models).
 *
 * @example
 * resolveBaseModelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0")                        // "anthropic.claude-sonnet-4-5-20250929-v1:0"
 * resolveBaseModelId("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0")      // "amazon.nova-pro-v1:0"
 * resolveBaseModelId("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0")
 * // "us.meta.llama3-3-70b-instruct-v1:0"
 * resolveBaseModelId("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123") // undefined
 */
export function resolveBaseModelId(modelId: string): string | undefined {
  const id = decodeModelId(modelId);
  if (id.startsWith("arn:")) {
    const match = BEDROCK_ARN.exec(id);
    if (match === null) return undefined;
    const resolve = Object.hasOwn(ARN_RESOURCES, match[1]!) ? ARN_RESOURCES[match[1]!] : undefined;
    return resolve?.(match[2]!);
  }
  return stripProfilePrefix(id);
}

/**
 * The model family whose native InvokeModel bodies and stream chunks carry usage in their own fields.
 *
 * @example
 * resolveModelFamily("eu.anthropic.claude-3-7-sonnet-20250219-v1:0") // "anthropic"
 * resolveModelFamily("amazon.titan-embed-text-v2:0")                 // "titan-embed"
 * resolveModelFamily("openai.gpt-oss-120b-1:0")                      // "other"
 */
export function resolveModelFamily(modelId: string): ModelFamily {
  const first = resolveBaseModelId(modelId);
  // an inference-profile ARN resolves to a profile id, whose prefix the second pass strips
  const base = first === undefined ? undefined : (resolveBaseModelId(first) ?? first);
  if (base === undefined) return "other";
  for (const [prefix, family] of FAMILY_PREFIXES) if (base.startsWith(prefix)) return family;
  return "other";
}

function stripProfilePrefix(id: string): string {
  for (const prefix of PROFILE_PREFIXES) {
    // a profile prefix is followed by a dotted `provider.model`; `us.x` has no provider after the prefix
    if (id.startsWith(prefix) && id.indexOf(".", prefix.length) > prefix.length) return id.slice(prefix.length);
  }
  return id;
}

/**
 * Percent-decodes a model id taken from a path label (`%3A`, `%2F`); a malformed escape leaves the id as it is.
 *
 * @example
 * decodeModelId("us.anthropic.claude-3-haiku-20240307-v1%3A0") // "us.anthropic.claude-3-haiku-20240307-v1:0"
 */
export function decodeModelId(modelId: string): string {
  if (!modelId.includes("%")) return modelId;
  try {
    return decodeURIComponent(modelId);
  } catch {
    return modelId;
  }
}
