import type { SimulatedError } from "../errors/simulated-error.js";
import { validationError } from "../errors/simulated-error.js";
import type { ModelFamily } from "../types.js";
import { MODEL_CATALOG, PROFILE_PREFIXES } from "./model-catalog.js";

export interface ResolvedModel {
  /** the model label as the caller sent it (decoded) */
  label: string;
  /** the base model id behind it, when the simulator can tell */
  baseModelId?: string;
  /** the InvokeModel body family, when known from the id */
  family?: ModelFamily;
  kind: "base" | "profile" | "arn";
}

const INVALID_MODEL = "The provided model identifier is invalid.";
const ARN_PATTERN = /^arn:aws(?:-[a-z-]+)?:(bedrock|sagemaker):([a-z0-9-]*):(\d{12})?:([a-z-]+)\/(.+)$/;
/** ARNs whose model cannot be known without the control plane; InvokeModel falls back to the body's shape. */
const OPAQUE_RESOURCE_TYPES = new Set([
  "application-inference-profile",
  "provisioned-model",
  "custom-model",
  "custom-model-deployment",
  "imported-model",
  "prompt",
  "prompt-router",
  "default-prompt-router",
  "endpoint",
]);

interface KnownModel {
  family?: ModelFamily;
  profileOnly?: boolean;
}

type Lookup = (baseModelId: string) => KnownModel | undefined;

function onDemandError(label: string): SimulatedError {
  return validationError(
    `Invocation of model ID ${label} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
  );
}

function resolveBase(label: string, baseModelId: string, lookup: Lookup, kind: "base" | "arn", onDemand: boolean): ResolvedModel {
  const entry = lookup(baseModelId);
  if (!entry) throw validationError(INVALID_MODEL);
  if (onDemand && entry.profileOnly) throw onDemandError(label);
  return { label, baseModelId, ...(entry.family ? { family: entry.family } : {}), kind };
}

function resolveProfile(label: string, profileId: string, lookup: Lookup, kind: "profile" | "arn"): ResolvedModel | undefined {
  const prefix = PROFILE_PREFIXES.find((candidate) => profileId.startsWith(candidate));
  if (!prefix) return undefined;
  const baseModelId = profileId.slice(prefix.length);
  const entry = lookup(baseModelId);
  if (!entry) throw validationError(INVALID_MODEL);
  return { label, baseModelId, ...(entry.family ? { family: entry.family } : {}), kind };
}

function resolveArn(label: string, match: RegExpExecArray, lookup: Lookup, onDemand: boolean): ResolvedModel {
  const [, partitionService, , , resourceType, resourceId] = match as unknown as [string, string, string, string, string, string];
  if (partitionService === "sagemaker" && resourceType !== "endpoint") throw validationError(INVALID_MODEL);
  if (resourceType === "foundation-model") return resolveBase(label, resourceId, lookup, "arn", onDemand);
  if (resourceType === "inference-profile") {
    const resolved = resolveProfile(label, resourceId, lookup, "arn");
    if (!resolved) throw validationError(INVALID_MODEL);
    return resolved;
  }
  if (OPAQUE_RESOURCE_TYPES.has(resourceType)) return { label, kind: "arn" };
  throw validationError(INVALID_MODEL);
}

/**
 * Builds a resolver from a model label (base id, geo/global inference-profile id or ARN) to what the simulator
 * knows about it. Unknown ids throw Bedrock's ValidationException "The provided model identifier is invalid.",
 * and a bare id of a profile-only model throws the "on-demand throughput isn't supported" error.
 *
 * Pass `onDemand: false` where base ids of profile-only models are fine (CountTokens).
 *
 * @example
 * const resolveModel = createModelResolver();
 * resolveModel("us.anthropic.claude-sonnet-4-20250514-v1:0").family; // "anthropic"
 */
export function createModelResolver(
  extraModels: Readonly<Record<string, ModelFamily | undefined>> = {},
): (label: string, onDemand?: boolean) => ResolvedModel {
  const lookup: Lookup = (baseModelId) => {
    if (Object.hasOwn(extraModels, baseModelId)) {
      const family = extraModels[baseModelId];
      return family ? { family } : {};
    }
    return Object.hasOwn(MODEL_CATALOG, baseModelId) ? MODEL_CATALOG[baseModelId] : undefined;
  };
  return (label, onDemand = true) => {
    if (label.length < 1 || label.length > 2048) throw validationError(INVALID_MODEL);
    const arn = ARN_PATTERN.exec(label);
    if (arn) return resolveArn(label, arn, lookup, onDemand);
    return resolveProfile(label, label, lookup, "profile") ?? resolveBase(label, label, lookup, "base", onDemand);
  };
}
