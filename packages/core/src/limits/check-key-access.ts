import type { ResolvedDeployment } from "../config/types.js";
import { GatewayError } from "../errors/gateway-error.js";
import { matchesAllowlist } from "../keys/matches-allowlist.js";
import type { VirtualKey } from "../keys/virtual-key.js";
import type { MatchedOperation, UnknownRuntimePath } from "../routing/types.js";
import { resolveBaseModelId } from "../usage/resolve-model-family.js";
import { keyName } from "../keys/virtual-key.js";

/** Path labels that name an agent-runtime (or guardrail) resource a key may be limited to. */
const RESOURCE_LABELS = ["agentId", "knowledgeBaseId", "flowIdentifier", "guardrailIdentifier"] as const;

type BodySubjects = { models?: unknown[]; resources?: unknown[] };
type JsonRecord = Record<string, unknown>;
const obj = (value: unknown): JsonRecord => (value && typeof value === "object" ? (value as JsonRecord) : {});

/** Operations that name a model or a resource in their body, and where. */
const BODY_SUBJECTS: Record<string, (body: JsonRecord) => BodySubjects> = {
  StartAsyncInvoke: (b) => ({ models: [b.modelId] }),
  RetrieveAndGenerate: readRetrieveAndGenerate,
  RetrieveAndGenerateStream: readRetrieveAndGenerate,
  Converse: readGuardrailConfig,
  ConverseStream: readGuardrailConfig,
};

function readRetrieveAndGenerate(body: JsonRecord): BodySubjects {
  const kb = obj(obj(body.retrieveAndGenerateConfiguration).knowledgeBaseConfiguration);
  const external = obj(obj(body.retrieveAndGenerateConfiguration).externalSourcesConfiguration);
  return { models: [kb.modelArn, external.modelArn], resources: [kb.knowledgeBaseId] };
}

function readGuardrailConfig(body: JsonRecord): BodySubjects {
  return { resources: [obj(body.guardrailConfig).guardrailIdentifier] };
}

/** True when a model id (or its base id, profile prefix stripped) is on the key's list. */
export function isModelAllowed(key: VirtualKey, modelId: string): boolean {
  if (key.models.length === 0 || matchesAllowlist(key.models, modelId)) return true;
  const base = resolveBaseModelId(modelId);
  return base !== undefined && base !== modelId && matchesAllowlist(key.models, base);
}

/** A model group is allowed by its name, or when every deployment's model is allowed (the model the call reaches). */
export function isGroupAllowed(key: VirtualKey, group: string, deployments: readonly ResolvedDeployment[]): boolean {
  if (key.models.length === 0 || matchesAllowlist(key.models, group)) return true;
  return deployments.length > 0 && deployments.every((d) => isModelAllowed(key, d.modelId));
}

/**
 * Refuses a call a virtual key may not make: a raw model id / ARN / body model outside its `models`, an agent,
 * knowledge base, flow or guardrail outside its `agent_resources`, or an unrecognised path (it could reach any
 * model) for a key with any restriction. Model groups are checked by the router, fallbacks included.
 */
export function assertKeyMayCall(
  key: VirtualKey,
  classified: MatchedOperation | UnknownRuntimePath,
  rawModel: string | undefined,
  body: Uint8Array | null,
): void {
  const restricted = key.models.length > 0 || key.agentResources.length > 0;
  if (!restricted) return;
  if (classified.kind === "unknown-runtime") {
    throw denied(key, `may only call known Bedrock operations (it is limited to certain models or resources)`);
  }
  if (rawModel !== undefined && !isModelAllowed(key, rawModel)) throw denied(key, `may not use model "${rawModel}"`);
  const resources: unknown[] = RESOURCE_LABELS.map((label) => classified.labels[label]);
  const readBody = BODY_SUBJECTS[classified.spec.operation];
  const subjects = readBody && body ? readBody(parseJson(body)) : {};
  for (const model of subjects.models ?? []) {
    if (typeof model === "string" && model !== "" && !isModelAllowed(key, model)) throw denied(key, `may not use model "${model}"`);
  }
  if (key.agentResources.length === 0) return;
  for (const resource of [...resources, ...(subjects.resources ?? [])]) {
    if (typeof resource === "string" && resource !== "" && !matchesAllowlist(key.agentResources, resource)) {
      throw denied(key, `may not use resource "${resource}"`);
    }
  }
}

function parseJson(body: Uint8Array): JsonRecord {
  try {
    return obj(JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")));
  } catch {
    return {};
  }
}

function denied(key: VirtualKey, what: string): GatewayError {
  return new GatewayError("access-denied", `Key ${keyName(key)} ${what}.`);
}
