import type { IssueCollector } from "./config-error.js";
import type { ConnectionLayer } from "./connection-layers.js";
import { readLayerValue } from "./connection-layers.js";
import { isAwsServiceHost, readHostRegion } from "./aws-regions.js";
import type { BedrockService } from "./endpoint-url.js";
import { createDefaultEndpoint, formatEndpoint, parseEndpointUrl } from "./endpoint-url.js";
import type { ConnectionKey } from "./litellm-params-schema.js";
import { resolveCredentialSource } from "./resolve-credentials.js";
import type { Endpoint, UpstreamAuth, UpstreamTarget } from "./types.js";

/** Documented last resort when neither the config nor the environment names a region (LiteLLM's is us-west-2;
 * us-east-1 is the AWS SDK's and Bedrock's most complete region). */
export const DEFAULT_REGION = "us-east-1";

/** What target resolution reads besides the layers. */
export interface TargetContext {
  issues: IssueCollector;
  /** env `AWS_USE_FIPS_ENDPOINT=true`: default hosts are the FIPS ones */
  fips: boolean;
  webIdentityTokenFile?: string;
  webIdentityRoleArn?: string;
  /** true for a path whose os.environ/ variable is missing (reported already, or excused under the simulator) */
  isMissing?: (path: string) => boolean;
  /** `serve --simulate`: where unnamed endpoints go, with the simulator's credentials */
  simulator?: { endpoint: Endpoint; credentials: { accessKeyId: string; secretAccessKey: string } };
}

/** A region and where it came from, for messages. */
export interface RegionChoice {
  region: string;
  source: string;
}

export interface ResolvedTarget {
  target: UpstreamTarget;
  /** the runtime endpoint (and so the auth) was replaced by the simulator */
  runtimeSimulated: boolean;
}

const ENDPOINT_KEYS: Record<BedrockService, readonly ConnectionKey[]> = {
  // LiteLLM: api_base wins over aws_bedrock_runtime_endpoint
  "bedrock-runtime": ["api_base", "aws_bedrock_runtime_endpoint"],
  "bedrock-agent-runtime": ["aws_bedrock_agent_runtime_endpoint"],
};

/**
 * Resolves region, both endpoints and auth of one target from its layers (most specific first). `arnRegion` (the
 * region of a deployment's ARN model id) ranks right after the first layer's `aws_region_name`.
 *
 * @example
 * resolveUpstreamTarget([paramsLayer, defaultsLayer, envLayer], context).target.region // "us-west-2"
 */
export function resolveUpstreamTarget(
  layers: readonly ConnectionLayer[],
  context: TargetContext,
  arnRegion?: RegionChoice,
): ResolvedTarget {
  const region = resolveRegion(layers, context.issues, arnRegion);
  const runtime = resolveEndpoint("bedrock-runtime", layers, region, context);
  const agent = resolveEndpoint("bedrock-agent-runtime", layers, region, context);
  const simulator = context.simulator;
  // Under the simulator, a target goes there unless it names an endpoint of its own; an endpoint on an AWS host
  // is what the simulator stands in for, so it is replaced too (offline with any config), while a proxy or a
  // local server named in the config is kept.
  const isSimulated = (endpoint: Endpoint | undefined): boolean =>
    simulator !== undefined && (endpoint === undefined || isAwsServiceHost(endpoint.host));
  const runtimeSimulated = isSimulated(runtime);
  const auth: UpstreamAuth =
    simulator !== undefined && runtimeSimulated
      ? { credentials: { kind: "static", accessKeyId: simulator.credentials.accessKeyId, secretAccessKey: simulator.credentials.secretAccessKey } }
      : resolveAuth(layers, region.region, context);
  const choose = (service: BedrockService, endpoint: Endpoint | undefined): Endpoint => {
    if (simulator !== undefined && isSimulated(endpoint)) return simulator.endpoint;
    return endpoint ?? createDefaultEndpoint(service, region.region, { fips: context.fips });
  };
  return {
    target: {
      region: region.region,
      runtimeEndpoint: choose("bedrock-runtime", runtime),
      agentRuntimeEndpoint: choose("bedrock-agent-runtime", agent),
      auth,
    },
    runtimeSimulated,
  };
}

function resolveRegion(layers: readonly ConnectionLayer[], issues: IssueCollector, arnRegion?: RegionChoice): RegionChoice {
  for (const [index, layer] of layers.entries()) {
    const region = readLayerValue(layer, "aws_region_name", issues);
    if (region !== undefined) return { region, source: layer.pathOf("aws_region_name") };
    if (index === 0 && arnRegion !== undefined) return arnRegion;
  }
  return { region: DEFAULT_REGION, source: "the default region" };
}

// An endpoint named in the config or env, or undefined for the default host. An AWS regional host must serve the
// target's region, or every SigV4 signature would be refused: a layer of the target's own reports it; an inherited
// layer (bedrock_defaults, env seen from a deployment in another region) is skipped.
function resolveEndpoint(
  service: BedrockService,
  layers: readonly ConnectionLayer[],
  region: RegionChoice,
  context: TargetContext,
): Endpoint | undefined {
  for (const layer of layers) {
    const key = ENDPOINT_KEYS[service].find((candidate) => layer.values[candidate] !== undefined);
    if (key === undefined) continue;
    const text = readLayerValue(layer, key, context.issues);
    const parsed = text === undefined ? undefined : parseEndpointUrl(text);
    if (parsed === undefined || !parsed.ok) continue;
    const hostRegion = readHostRegion(parsed.endpoint.host);
    if (hostRegion !== undefined && hostRegion !== region.region) {
      if (!layer.own) continue;
      context.issues.add(
        layer.pathOf(key),
        `${formatEndpoint(parsed.endpoint)} serves ${hostRegion}, but the region is ${region.region} (from ${region.source}); ` +
          `SigV4 signatures would not match: set aws_region_name: ${hostRegion} or use an endpoint in ${region.region}`,
      );
    }
    return parsed.endpoint;
  }
  return undefined;
}

function resolveAuth(layers: readonly ConnectionLayer[], region: string, context: TargetContext): UpstreamAuth {
  const credentials = resolveCredentialSource(layers, {
    issues: context.issues,
    region,
    ...(context.webIdentityTokenFile !== undefined ? { webIdentityTokenFile: context.webIdentityTokenFile } : {}),
    ...(context.webIdentityRoleArn !== undefined ? { webIdentityRoleArn: context.webIdentityRoleArn } : {}),
    ...(context.isMissing !== undefined ? { isMissing: context.isMissing } : {}),
  });
  for (const layer of layers) {
    const bearerToken = readLayerValue(layer, "api_key", context.issues);
    if (bearerToken !== undefined) return { credentials, bearerToken };
  }
  return { credentials };
}
