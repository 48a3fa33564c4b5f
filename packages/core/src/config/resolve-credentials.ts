import type { IssueCollector } from "./config-error.js";
import type { ConnectionLayer } from "./connection-layers.js";
import { readLayerValue } from "./connection-layers.js";
import { readHostRegion } from "./aws-regions.js";
import type { ConnectionKey } from "./litellm-params-schema.js";
import type { CredentialSource } from "./types.js";

/** What credential resolution reads besides the layers. */
export interface CredentialContext {
  issues: IssueCollector;
  /** the target's region: STS is called there unless `aws_sts_endpoint` names another */
  region: string;
  /** env `AWS_WEB_IDENTITY_TOKEN_FILE` (IRSA / EKS pod identity) */
  webIdentityTokenFile?: string;
  /** env `AWS_ROLE_ARN`: the role the token file is for */
  webIdentityRoleArn?: string;
  /** true for a path whose os.environ/ variable is missing (reported already): the key counts as set */
  isMissing?: (path: string) => boolean;
}

// A layer that sets any of these names its own credentials and is used whole; the modifiers only refine them.
const DEFINING_KEYS: readonly ConnectionKey[] = [
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "aws_profile_name",
  "aws_role_name",
  "aws_web_identity_token",
];
const ROLE_MODIFIERS: readonly ConnectionKey[] = ["aws_session_name", "aws_external_id", "aws_sts_endpoint"];

/**
 * The SigV4 credential source of a target: the first layer that names credentials is used whole (a deployment's
 * own keys are never mixed with inherited ones); without any, the AWS SDK's default chain. Within a layer, as in
 * LiteLLM: web identity → assume role (from the layer's keys or profile, else the chain) → profile → static keys.
 *
 * @example
 * resolveCredentialSource([paramsLayer, defaultsLayer, envLayer], { issues, region: "us-west-2" })
 * // { kind: "assume-role", roleArn: "arn:aws:iam::123456789012:role/x", stsRegion: "us-west-2", source: { kind: "chain" } }
 */
export function resolveCredentialSource(layers: readonly ConnectionLayer[], context: CredentialContext): CredentialSource {
  const isSet = (layer: ConnectionLayer, key: ConnectionKey): boolean =>
    layer.values[key] !== undefined || context.isMissing?.(layer.pathOf(key)) === true;
  const layer = layers.find((candidate) => DEFINING_KEYS.some((key) => isSet(candidate, key)));
  if (layer === undefined) {
    for (const candidate of layers) reportStrayModifiers(candidate, context.issues);
    return { kind: "chain" };
  }
  const read = (key: ConnectionKey): string | undefined => readLayerValue(layer, key, context.issues);
  const base = readBaseCredentials(layer, context.issues, (key) => isSet(layer, key));
  const roleArn = read("aws_role_name");
  const token = read("aws_web_identity_token");
  const sessionName = read("aws_session_name");
  const sts = readStsSettings(read("aws_sts_endpoint"), context.region);
  const externalId = read("aws_external_id");
  if (token !== undefined || (roleArn !== undefined && base === undefined && usesTokenFile(roleArn, context))) {
    if (roleArn === undefined) {
      context.issues.add(layer.pathOf("aws_role_name"), "required with aws_web_identity_token (the role the token is exchanged for)");
      return base ?? { kind: "chain" };
    }
    if (externalId !== undefined) {
      context.issues.add(layer.pathOf("aws_external_id"), "has no effect with web identity (AssumeRoleWithWebIdentity takes no external id)");
    }
    return {
      kind: "web-identity",
      roleArn,
      ...(token !== undefined ? { token } : { tokenFile: context.webIdentityTokenFile }),
      ...(sessionName !== undefined ? { sessionName } : {}),
      ...sts,
    };
  }
  if (roleArn !== undefined) {
    return {
      kind: "assume-role",
      roleArn,
      ...(sessionName !== undefined ? { sessionName } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...sts,
      source: base ?? { kind: "chain" },
    };
  }
  reportStrayModifiers(layer, context.issues);
  return base ?? { kind: "chain" };
}

// With the same role as the pod's IRSA role (or no AWS_ROLE_ARN), exchange the token file directly; for another
// role, the chain gets the IRSA credentials and those assume the configured role (cross-account).
function usesTokenFile(roleArn: string, context: CredentialContext): boolean {
  if (context.webIdentityTokenFile === undefined) return false;
  return context.webIdentityRoleArn === undefined || context.webIdentityRoleArn === roleArn;
}

function readBaseCredentials(
  layer: ConnectionLayer,
  issues: IssueCollector,
  isSet: (key: ConnectionKey) => boolean,
): CredentialSource | undefined {
  const read = (key: ConnectionKey): string | undefined => readLayerValue(layer, key, issues);
  const profile = read("aws_profile_name");
  const accessKeyId = read("aws_access_key_id");
  const secretAccessKey = read("aws_secret_access_key");
  const sessionToken = read("aws_session_token");
  if (isSet("aws_access_key_id") && !isSet("aws_secret_access_key")) {
    issues.add(layer.pathOf("aws_secret_access_key"), "required when aws_access_key_id is set");
  }
  if (isSet("aws_secret_access_key") && !isSet("aws_access_key_id")) {
    issues.add(layer.pathOf("aws_access_key_id"), "required when aws_secret_access_key is set");
  }
  if (isSet("aws_session_token") && !(isSet("aws_access_key_id") && isSet("aws_secret_access_key"))) {
    issues.add(layer.pathOf("aws_session_token"), "needs aws_access_key_id and aws_secret_access_key (it belongs to temporary keys)");
  }
  if (profile !== undefined) return { kind: "profile", profile };
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  return { kind: "static", accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) };
}

function readStsSettings(stsEndpoint: string | undefined, region: string): { stsRegion: string; stsEndpoint?: string } {
  if (stsEndpoint === undefined) return { stsRegion: region };
  // The regional STS host says where to sign; a global or private host leaves the target's region.
  const host = new URL(stsEndpoint).host;
  return { stsRegion: readHostRegion(host) ?? region, stsEndpoint };
}

function reportStrayModifiers(layer: ConnectionLayer, issues: IssueCollector): void {
  if (layer.fromEnvironment) return;
  for (const key of ROLE_MODIFIERS) {
    if (layer.values[key] !== undefined && layer.problems[key] === undefined) {
      issues.add(layer.pathOf(key), "has no effect without aws_role_name (or aws_web_identity_token) in the same section");
    }
  }
}
