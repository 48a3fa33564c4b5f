import type { ModelFamily } from "../types.js";

export interface CatalogEntry {
  family: ModelFamily;
  /** on-demand calls need an inference profile: a bare base id gets Bedrock's "on-demand throughput" error */
  profileOnly?: boolean;
}

const claude = (profileOnly = false): CatalogEntry => ({ family: "anthropic", profileOnly });
const entry = (family: ModelFamily, profileOnly = false): CatalogEntry => ({ family, profileOnly });

/** Base model ids the simulator knows, with the body family InvokeModel speaks for them. */
export const MODEL_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  "anthropic.claude-instant-v1": claude(),
  "anthropic.claude-v2": claude(),
  "anthropic.claude-v2:1": claude(),
  "anthropic.claude-3-haiku-20240307-v1:0": claude(),
  "anthropic.claude-3-sonnet-20240229-v1:0": claude(),
  "anthropic.claude-3-opus-20240229-v1:0": claude(),
  "anthropic.claude-3-5-haiku-20241022-v1:0": claude(),
  "anthropic.claude-3-5-sonnet-20240620-v1:0": claude(),
  "anthropic.claude-3-5-sonnet-20241022-v2:0": claude(),
  "anthropic.claude-3-7-sonnet-20250219-v1:0": claude(true),
  "anthropic.claude-sonnet-4-20250514-v1:0": claude(true),
  "anthropic.claude-opus-4-20250514-v1:0": claude(true),
  "anthropic.claude-opus-4-1-20250805-v1:0": claude(true),
  "anthropic.claude-sonnet-4-5-20250929-v1:0": claude(true),
  "anthropic.claude-haiku-4-5-20251001-v1:0": claude(true),
  "anthropic.claude-opus-4-5-20251101-v1:0": claude(true),
  "amazon.nova-micro-v1:0": entry("nova"),
  "amazon.nova-lite-v1:0": entry("nova"),
  "amazon.nova-pro-v1:0": entry("nova"),
  "amazon.nova-premier-v1:0": entry("nova", true),
  "amazon.nova-2-lite-v1:0": entry("nova", true),
  "amazon.titan-text-express-v1": entry("titan-text"),
  "amazon.titan-text-lite-v1": entry("titan-text"),
  "amazon.titan-text-premier-v1:0": entry("titan-text"),
  "amazon.titan-embed-text-v1": entry("titan-embed"),
  "amazon.titan-embed-text-v2:0": entry("titan-embed"),
  "meta.llama3-8b-instruct-v1:0": entry("llama"),
  "meta.llama3-70b-instruct-v1:0": entry("llama"),
  "meta.llama3-1-8b-instruct-v1:0": entry("llama"),
  "meta.llama3-1-70b-instruct-v1:0": entry("llama"),
  "meta.llama3-1-405b-instruct-v1:0": entry("llama"),
  "meta.llama3-2-1b-instruct-v1:0": entry("llama", true),
  "meta.llama3-2-3b-instruct-v1:0": entry("llama", true),
  "meta.llama3-2-11b-instruct-v1:0": entry("llama", true),
  "meta.llama3-2-90b-instruct-v1:0": entry("llama", true),
  "meta.llama3-3-70b-instruct-v1:0": entry("llama", true),
  "meta.llama4-maverick-17b-instruct-v1:0": entry("llama", true),
  "meta.llama4-scout-17b-instruct-v1:0": entry("llama", true),
  "mistral.mistral-7b-instruct-v0:2": entry("mistral"),
  "mistral.mixtral-8x7b-instruct-v0:1": entry("mistral"),
  "mistral.mistral-small-2402-v1:0": entry("mistral"),
  "mistral.mistral-large-2402-v1:0": entry("mistral"),
  "mistral.mistral-large-2407-v1:0": entry("mistral"),
  "cohere.command-text-v14": entry("cohere-command"),
  "cohere.command-light-text-v14": entry("cohere-command"),
  "cohere.command-r-v1:0": entry("cohere-command"),
  "cohere.command-r-plus-v1:0": entry("cohere-command"),
  "cohere.embed-english-v3": entry("cohere-embed"),
  "cohere.embed-multilingual-v3": entry("cohere-embed"),
  "cohere.embed-v4:0": entry("cohere-embed", true),
  "openai.gpt-oss-20b-1:0": entry("openai"),
  "openai.gpt-oss-120b-1:0": entry("openai"),
};

/** Families that speak Converse (embedding models do not). */
export const CHAT_FAMILIES: ReadonlySet<ModelFamily> = new Set([
  "anthropic",
  "nova",
  "titan-text",
  "llama",
  "mistral",
  "cohere-command",
  "openai",
]);

/** Geographic and global cross-region inference profile prefixes (fact sheet §9). */
export const PROFILE_PREFIXES: readonly string[] = ["us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "global."];
