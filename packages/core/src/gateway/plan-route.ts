import type { ResolvedConfig, ResolvedDeployment, UpstreamTarget } from "../config/types.js";
import { resolveModel } from "../models/resolve-model.js";
import type { MatchedOperation, ServiceName, UnknownRuntimePath } from "../routing/types.js";

/** Where one attempt goes: service, target (region, endpoint, auth) and the path to send there. */
export interface RoutePlan {
  service: ServiceName;
  operation: string;
  target: UpstreamTarget;
  /** the path on the upstream service (before the endpoint's base path), labels encoded as the SDK does */
  path: string;
  /** the model group when the path named a config `model_name` */
  modelGroup?: string;
  deployment?: ResolvedDeployment;
  /** the model id sent upstream, when the call names one */
  modelId?: string;
}

/** A call either goes to one fixed target (pass-through, model-less calls) or to a model group via the router. */
export type RouteDecision =
  | { kind: "fixed"; plan: RoutePlan; rawModel?: string }
  | { kind: "group"; group: string; deployments: ResolvedDeployment[]; classified: MatchedOperation };

/**
 * Decides where a classified call goes: a config model name → its group (the router picks deployments), any
 * other model label → pass-through with the defaults, model-less calls → the defaults.
 */
export function planRoute(classified: MatchedOperation | UnknownRuntimePath, config: ResolvedConfig): RouteDecision {
  if (classified.kind === "unknown-runtime") {
    return { kind: "fixed", plan: { service: "bedrock-runtime", operation: "Unknown", target: config.defaults, path: classified.path } };
  }
  const { spec } = classified;
  if (classified.model === undefined) {
    return {
      kind: "fixed",
      plan: { service: spec.service, operation: spec.operation, target: config.defaults, path: classified.toUpstreamPath() },
    };
  }
  const resolution = resolveModel(config, classified.model);
  if (resolution.kind === "group") {
    return { kind: "group", group: resolution.group, deployments: resolution.deployments, classified };
  }
  return {
    kind: "fixed",
    rawModel: resolution.modelId,
    plan: {
      service: spec.service,
      operation: spec.operation,
      target: resolution.target,
      path: classified.toUpstreamPath(resolution.modelId),
      modelId: resolution.modelId,
    },
  };
}
