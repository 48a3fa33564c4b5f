import { formatConfigPath } from "./config-error.js";
import type { ConnectionLayer } from "./connection-layers.js";
import { createConfigLayer } from "./connection-layers.js";
import { isArn, readArnRegion } from "./aws-regions.js";
import type { DeploymentParamsInput } from "./litellm-params-schema.js";
import { deploymentParamsSchema, deploymentSchema } from "./litellm-params-schema.js";
import { stripBedrockPrefix } from "./model-id.js";
import type { RegionChoice, TargetContext } from "./resolve-upstream-target.js";
import { resolveUpstreamTarget } from "./resolve-upstream-target.js";
import type { RouterSettingsInput } from "./settings-schema.js";
import type { PriceOverride, ResolvedDeployment } from "./types.js";
import { parseWithIssues } from "./zod-issues.js";

export interface DeploymentContext extends TargetContext {
  /** what a deployment inherits: bedrock_defaults, then the environment */
  inherited: readonly ConnectionLayer[];
  router: RouterSettingsInput | undefined;
}

export interface ResolvedDeploymentEntry {
  deployment: ResolvedDeployment;
  runtimeSimulated: boolean;
}

/**
 * Resolves one `model_list` entry, or returns undefined after adding its issues (the config then fails: a
 * deployment is never dropped silently).
 *
 * @example
 * resolveDeployment({ model_name: "claude", litellm_params: { model: "bedrock/anthropic.claude-3-haiku-20240307-v1:0" } }, 0, context)
 */
export function resolveDeployment(raw: unknown, index: number, context: DeploymentContext): ResolvedDeploymentEntry | undefined {
  const basePath = ["model_list", index];
  const entry = parseWithIssues(deploymentSchema, raw, basePath, context.issues);
  if (entry === undefined) return undefined;
  const paramsKey = entry.litellm_params === undefined && entry.params !== undefined ? "params" : "litellm_params";
  if (entry.litellm_params !== undefined && entry.params !== undefined) {
    context.issues.add(formatConfigPath([...basePath, "params"]), "use either litellm_params or params, not both");
  }
  const paramsPath = [...basePath, paramsKey];
  if (entry[paramsKey] === undefined) {
    context.issues.add(formatConfigPath(paramsPath), "required (the model and how to reach it)");
    return undefined;
  }
  const params = parseWithIssues(deploymentParamsSchema, entry[paramsKey], paramsPath, context.issues);
  if (params === undefined) return undefined;

  const model = stripBedrockPrefix(params.model);
  const modelId = params.model_id === undefined ? model : stripBedrockPrefix(params.model_id);
  const arnRegion = readModelArnRegion(params, paramsPath);
  const layers = [createConfigLayer(params, paramsPath, true), ...context.inherited];
  const { target, runtimeSimulated } = resolveUpstreamTarget(layers, context, arnRegion);
  const { id, base_model: baseModelInput, ...modelInfo } = entry.model_info ?? {};
  // With LiteLLM's model_id (the ARN actually called), `model` names the model family, so it prices the calls.
  const baseModel = baseModelInput !== undefined ? stripBedrockPrefix(baseModelInput) : modelId !== model && !isArn(model) ? model : undefined;
  const timeout = params.timeout ?? params.request_timeout ?? context.router?.timeout;
  const streamTimeout = params.stream_timeout ?? context.router?.stream_timeout;
  const deployment: ResolvedDeployment = {
    ...target,
    id: id ?? `${entry.model_name}-${index}`,
    modelName: entry.model_name,
    modelId,
    index,
    ...(params.weight !== undefined ? { weight: params.weight } : {}),
    ...(params.rpm !== undefined ? { rpm: params.rpm } : {}),
    ...(params.tpm !== undefined ? { tpm: params.tpm } : {}),
    ...(params.max_parallel_requests !== undefined ? { maxParallelRequests: params.max_parallel_requests } : {}),
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
    ...(streamTimeout !== undefined ? { streamTimeoutMs: Math.round(streamTimeout * 1000) } : {}),
    prices: readPriceOverride(params),
    ...(baseModel !== undefined ? { baseModel } : {}),
    modelInfo,
  };
  return { deployment, runtimeSimulated };
}

function readModelArnRegion(params: DeploymentParamsInput, paramsPath: ReadonlyArray<string | number>): RegionChoice | undefined {
  for (const key of ["model_id", "model"] as const) {
    const value = params[key];
    const region = value === undefined ? undefined : readArnRegion(stripBedrockPrefix(value));
    if (region !== undefined) return { region, source: `the ARN in ${formatConfigPath([...paramsPath, key])}` };
  }
  return undefined;
}

const PRICE_KEYS = {
  input_cost_per_token: "inputCostPerToken",
  output_cost_per_token: "outputCostPerToken",
  cache_read_input_token_cost: "cacheReadInputTokenCost",
  cache_creation_input_token_cost: "cacheCreationInputTokenCost",
  cache_creation_input_token_cost_above_1hr: "cacheCreationInputTokenCostAbove1hr",
} as const satisfies Record<string, keyof PriceOverride>;

function readPriceOverride(params: DeploymentParamsInput): PriceOverride {
  const prices: PriceOverride = {};
  for (const [inputKey, outputKey] of Object.entries(PRICE_KEYS) as Array<[keyof typeof PRICE_KEYS, keyof PriceOverride]>) {
    const value = params[inputKey];
    if (value !== undefined) prices[outputKey] = value;
  }
  return prices;
}
