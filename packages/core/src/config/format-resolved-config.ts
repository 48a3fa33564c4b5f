import { formatEndpoint } from "./endpoint-url.js";
import { maskKeyId, maskSecret, maskUrlPassword } from "./mask-secret.js";
import type { CredentialSource, PriceOverride, ResolvedConfig, ResolvedDeployment, UpstreamAuth, UpstreamTarget } from "./types.js";

/**
 * Renders a resolved config for `bedrock-gw config check`: every deployment by group (id, model id, region,
 * endpoints, auth, limits, prices), the pass-through defaults, router and general settings. Secrets never appear
 * in full: keys and tokens are `****`, access key ids and long master keys show only their ends (`AKIA…MPLE`).
 *
 * @example
 * console.log(formatResolvedConfig(loadConfig("bedrock-gw.yaml", { env: process.env })));
 */
export function formatResolvedConfig(config: ResolvedConfig): string {
  const lines: string[] = [];
  const groups = config.modelGroups.size;
  lines.push(`${config.deployments.length} deployment(s) in ${groups} model group(s)`);
  for (const [group, deployments] of config.modelGroups) {
    lines.push("", `model group ${group}`);
    for (const deployment of deployments) lines.push(...formatDeployment(deployment));
  }
  lines.push("", "pass-through and model-less calls (bedrock_defaults, then the environment)", ...formatTarget(config.defaults, "  "));
  lines.push("", "router", ...formatRouter(config));
  lines.push("", "general", ...formatGeneral(config));
  if (config.warnings !== undefined && config.warnings.length > 0) {
    lines.push("", "warnings", ...config.warnings.map((warning) => `  ${warning}`));
  }
  return lines.join("\n");
}

function formatDeployment(deployment: ResolvedDeployment): string[] {
  const indent = "      ";
  const lines = [`  - ${deployment.id} (model_list[${deployment.index}])`, `${indent}model id:      ${deployment.modelId}`];
  if (deployment.baseModel !== undefined) lines.push(`${indent}base model:    ${deployment.baseModel}`);
  lines.push(...formatTarget(deployment, indent));
  const limits = formatLimits(deployment);
  if (limits !== "") lines.push(`${indent}limits:        ${limits}`);
  const prices = formatPrices(deployment.prices);
  if (prices !== "") lines.push(`${indent}prices (USD):  ${prices}`);
  return lines;
}

function formatTarget(target: UpstreamTarget, indent: string): string[] {
  return [
    `${indent}region:        ${target.region}`,
    `${indent}runtime:       ${formatEndpoint(target.runtimeEndpoint)}`,
    `${indent}agent runtime: ${formatEndpoint(target.agentRuntimeEndpoint)}`,
    `${indent}auth:          ${formatAuth(target.auth)}`,
  ];
}

function formatAuth(auth: UpstreamAuth): string {
  const sigv4 = `SigV4 with ${formatCredentials(auth.credentials)}`;
  if (auth.bearerToken === undefined) return sigv4;
  return `Bedrock API key ${maskSecret(auth.bearerToken)} (runtime); ${sigv4} (agent runtime)`;
}

/**
 * Describes a credential source with its secrets masked.
 *
 * @example
 * formatCredentials({ kind: "profile", profile: "dev" }) // 'profile "dev"'
 */
export function formatCredentials(source: CredentialSource): string {
  switch (source.kind) {
    case "static": {
      const token = source.sessionToken === undefined ? "" : `, session token ${maskSecret(source.sessionToken)}`;
      return `static keys ${maskKeyId(source.accessKeyId)} (secret ${maskSecret(source.secretAccessKey)}${token})`;
    }
    case "profile":
      return `profile ${JSON.stringify(source.profile)}`;
    case "assume-role": {
      const details = [
        source.sessionName !== undefined ? `session ${source.sessionName}` : undefined,
        source.externalId !== undefined ? `external id ${maskSecret(source.externalId)}` : undefined,
        formatSts(source.stsRegion, source.stsEndpoint),
      ].filter((part) => part !== undefined);
      return `role ${source.roleArn} (${details.join(", ")}) assumed with ${formatCredentials(source.source)}`;
    }
    case "web-identity": {
      const token = source.token !== undefined ? `token ${maskSecret(source.token)}` : `token file ${source.tokenFile ?? "from AWS_WEB_IDENTITY_TOKEN_FILE"}`;
      const session = source.sessionName !== undefined ? `, session ${source.sessionName}` : "";
      return `web identity for role ${source.roleArn} (${token}${session}, ${formatSts(source.stsRegion, source.stsEndpoint)})`;
    }
    case "chain":
      return source.profile === undefined ? "the AWS default credential chain" : `the AWS default credential chain (profile ${JSON.stringify(source.profile)})`;
  }
}

function formatSts(region: string | undefined, endpoint: string | undefined): string {
  return `STS ${endpoint ?? region ?? "default region"}`;
}

function formatLimits(deployment: ResolvedDeployment): string {
  const parts: string[] = [];
  if (deployment.weight !== undefined) parts.push(`weight ${deployment.weight}`);
  if (deployment.rpm !== undefined) parts.push(`rpm ${deployment.rpm}`);
  if (deployment.tpm !== undefined) parts.push(`tpm ${deployment.tpm}`);
  if (deployment.maxParallelRequests !== undefined) parts.push(`max parallel ${deployment.maxParallelRequests}`);
  if (deployment.timeoutMs !== undefined) parts.push(`timeout ${deployment.timeoutMs / 1000} s`);
  if (deployment.streamTimeoutMs !== undefined) parts.push(`stream timeout ${deployment.streamTimeoutMs / 1000} s`);
  return parts.join(", ");
}

const PRICE_LABELS: Record<keyof PriceOverride, string> = {
  inputCostPerToken: "input",
  outputCostPerToken: "output",
  cacheReadInputTokenCost: "cache read",
  cacheCreationInputTokenCost: "cache write",
  cacheCreationInputTokenCostAbove1hr: "cache write 1h",
};

function formatPrices(prices: PriceOverride): string {
  return (Object.keys(PRICE_LABELS) as Array<keyof PriceOverride>)
    .filter((key) => prices[key] !== undefined)
    .map((key) => `${PRICE_LABELS[key]} ${String(prices[key])}/token`)
    .join(", ");
}

function formatRouter(config: ResolvedConfig): string[] {
  const router = config.router;
  const fallbacks = [...router.fallbacks].map(([group, targets]) => `${group} → ${targets.join(", ")}`);
  return [
    `  routing strategy: ${router.routingStrategy}`,
    `  retries:          ${router.numRetries}; cooldown ${router.cooldownTime} s after more than ${router.allowedFails} fails`,
    `  session affinity: ${router.sessionAffinity ? "on" : "off"}`,
    `  health checks:    ${router.healthCheckInterval === undefined ? "off" : `CountTokens to each deployment every ${router.healthCheckInterval} s`}`,
    `  fallbacks:        ${fallbacks.length === 0 ? "none" : fallbacks.join("; ")}`,
    `  shared state:     ${router.redisUrl === undefined ? "in memory (this instance only)" : `redis ${maskUrlPassword(router.redisUrl)}`}`,
  ];
}

function formatGeneral(config: ResolvedConfig): string[] {
  const general = config.general;
  const { connectMs, firstByteMs, idleMs } = general.timeouts;
  const store = general.databaseUrl !== undefined
    ? maskUrlPassword(general.databaseUrl)
    : `embedded, in ${general.dataDir ?? ".bedrock-gw/"}`;
  return [
    `  master key:       ${general.masterKey === undefined ? "none (dev mode: requests need no key)" : maskKeyId(general.masterKey)}`,
    `  database:         ${store}`,
    `  raw model ids:    ${general.allowRawPassThrough ? "passed through with the defaults" : "refused (only model_name groups)"}`,
    `  max request body: ${general.maxRequestBodyBytes} bytes`,
    `  timeouts:         connect ${connectMs / 1000} s, first byte ${firstByteMs / 1000} s, idle ${idleMs / 1000} s`,
    `  /metrics:         ${general.publicMetrics ? "public" : "master key required"}`,
  ];
}
