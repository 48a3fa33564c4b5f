import type { ResolvedDeployment } from "../config/types.js";
import type { Router } from "../router/create-router.js";

/**
 * `/model/info` entries in LiteLLM's shape (`model_name`, `litellm_params`, `model_info`), one per deployment,
 * with its health from the router's shared state. Never a secret: no keys, tokens or credentials, only their kind.
 */
export async function describeModelGroups(groups: ReadonlyArray<readonly [string, ResolvedDeployment[]]>, router: Router) {
  const deployments = groups.flatMap(([, list]) => list);
  const snapshots = await router.health.snapshot(deployments);
  const byId = new Map(snapshots.map((snapshot) => [snapshot.id, snapshot]));
  return deployments.map((deployment) => ({
    model_name: deployment.modelName,
    litellm_params: {
      model: `bedrock/${deployment.modelId}`,
      aws_region_name: deployment.region,
      ...(deployment.rpm !== undefined ? { rpm: deployment.rpm } : {}),
      ...(deployment.tpm !== undefined ? { tpm: deployment.tpm } : {}),
      ...(deployment.weight !== undefined ? { weight: deployment.weight } : {}),
    },
    model_info: {
      id: deployment.id,
      ...(deployment.baseModel ? { base_model: deployment.baseModel } : {}),
      auth: deployment.auth.bearerToken ? "bedrock-api-key" : deployment.auth.credentials.kind,
      runtime_endpoint: deployment.runtimeEndpoint.origin + deployment.runtimeEndpoint.basePath,
      health: byId.get(deployment.id),
    },
  }));
}
