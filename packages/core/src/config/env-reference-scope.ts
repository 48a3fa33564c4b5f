import type { ConfigPath } from "./config-error.js";
import type { ConnectionKey } from "./litellm-params-schema.js";
import { IGNORED_PARAMS, connectionShape } from "./litellm-params-schema.js";
import { IGNORED_GENERAL, IGNORED_ROUTER, IGNORED_SECTIONS } from "./settings-schema.js";

const PARAMS_KEYS = new Set(["litellm_params", "params"]);
const IGNORED_IN_PARAMS = new Set<string>(IGNORED_PARAMS);
const IGNORED_IN_SECTION: Readonly<Record<string, ReadonlySet<string>>> = {
  general_settings: new Set(IGNORED_GENERAL),
  router_settings: new Set(IGNORED_ROUTER),
};
const TOP_LEVEL_IGNORED = new Set<string>(IGNORED_SECTIONS);
const READ_MODEL_INFO_KEYS = new Set(["id", "base_model"]);

/**
 * True when an `os.environ/NAME` reference at `path` is read. References in settings bedrock-gw ignores (LiteLLM's
 * `litellm_settings`, `credential_list`, alerting webhooks, ...) are left alone, so a variable that only LiteLLM
 * needed does not stop the gateway; `model_info` extras are kept as written, so /model/info never shows env values.
 *
 * @example
 * shouldResolveEnvReference(["model_list", 0, "litellm_params", "aws_secret_access_key"]) // true
 * shouldResolveEnvReference(["litellm_settings", "callbacks"])                           // false
 */
export function shouldResolveEnvReference(path: ConfigPath): boolean {
  const [section, second, third, fourth] = path;
  if (typeof section !== "string" || TOP_LEVEL_IGNORED.has(section)) return false;
  if (section === "model_list" && typeof third === "string" && typeof fourth === "string") {
    if (PARAMS_KEYS.has(third)) return !IGNORED_IN_PARAMS.has(fourth);
    if (third === "model_info") return READ_MODEL_INFO_KEYS.has(fourth);
  }
  const ignored = IGNORED_IN_SECTION[section];
  return !(ignored !== undefined && typeof second === "string" && ignored.has(second));
}

/** Who a missing reference matters to when the simulator may stand in for AWS. */
export type SimulatedReferenceScope =
  | { kind: "deployment"; index: number }
  | { kind: "defaults" }
  /** master key, database, Redis: optional infrastructure that the simulated gateway runs without */
  | { kind: "infrastructure" };

// Endpoints decide whether a target is simulated at all, so a missing endpoint variable is always an error.
const ENDPOINT_KEYS = new Set<string>(["aws_bedrock_runtime_endpoint", "aws_bedrock_agent_runtime_endpoint", "api_base"]);
const CONNECTION_KEYS = new Set<string>(Object.keys(connectionShape) as ConnectionKey[]);
const INFRASTRUCTURE: Readonly<Record<string, ReadonlySet<string>>> = {
  general_settings: new Set(["master_key", "database_url"]),
  router_settings: new Set(["redis_url", "redis_host", "redis_port", "redis_password"]),
};

/**
 * Classifies a missing `os.environ/` reference for `serve --simulate`: region, credential and API-key references
 * only matter for targets that still reach AWS, and infrastructure references only for a real deployment. Any
 * other reference (undefined result) is an error even when simulating.
 *
 * @example
 * classifySimulatedReference(["model_list", 3, "litellm_params", "aws_access_key_id"]) // { kind: "deployment", index: 3 }
 */
export function classifySimulatedReference(path: ConfigPath): SimulatedReferenceScope | undefined {
  const [section, second, third, fourth] = path;
  const isConnectionKey = (key: unknown): boolean => typeof key === "string" && CONNECTION_KEYS.has(key) && !ENDPOINT_KEYS.has(key);
  if (section === "model_list" && typeof second === "number" && typeof third === "string" && PARAMS_KEYS.has(third)) {
    return isConnectionKey(fourth) && path.length === 4 ? { kind: "deployment", index: second } : undefined;
  }
  if (section === "bedrock_defaults") return isConnectionKey(second) && path.length === 2 ? { kind: "defaults" } : undefined;
  const infrastructure = typeof section === "string" ? INFRASTRUCTURE[section] : undefined;
  if (infrastructure !== undefined && typeof second === "string" && infrastructure.has(second) && path.length === 2) {
    return { kind: "infrastructure" };
  }
  return undefined;
}
