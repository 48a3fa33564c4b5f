import type { ResolvedConfig, ResolvedDeployment, UpstreamTarget } from "../config/types.js";
import { GatewayError } from "../errors/gateway-error.js";

export type ModelResolution =
  | { kind: "group"; group: string; deployments: ResolvedDeployment[] }
  | { kind: "pass-through"; modelId: string; target: UpstreamTarget };

/**
 * Resolves a model label from a path: a config `model_name` selects its deployments; any other label (a model
 * id, inference-profile id or ARN) passes through to Bedrock with the defaults, unless pass-through is off.
 *
 * @example
 * resolveModel(config, "claude")                       // { kind: "group", group: "claude", deployments: [...] }
 * resolveModel(config, "cohere.command-r-v1:0")        // { kind: "pass-through", modelId: "cohere.command-r-v1:0", target }
 */
export function resolveModel(config: ResolvedConfig, label: string): ModelResolution {
  const deployments = config.modelGroups.get(label);
  if (deployments !== undefined && deployments.length > 0) return { kind: "group", group: label, deployments };
  if (!config.general.allowRawPassThrough) {
    throw new GatewayError(
      "not-found",
      `Model "${label}" is not a model group of this gateway, and raw model ids are not passed through (general_settings.allow_raw_pass_through is false).`,
    );
  }
  return { kind: "pass-through", modelId: label, target: config.defaults };
}
