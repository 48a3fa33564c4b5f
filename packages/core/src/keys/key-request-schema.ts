import { z } from "zod";
import { parseDuration } from "./parse-duration.js";

const text = (max: number) => z.string().min(1).max(max);
const patterns = z.array(text(2048)).max(1000);
const limit = z.number().int().min(0);
const durationText = z.string().superRefine((value, context) => {
  try {
    parseDuration(value);
  } catch (error) {
    context.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
  }
});
/** A key given by the caller (`key` on generate, `new_key` on regenerate), e.g. one carried over from LiteLLM. */
const customKey = z.string().regex(/^sk-\S{16,509}$/, { error: 'must be "sk-" and 16 to 509 more characters without whitespace' });
/** A key named in a request: the key itself or its SHA-256 hex. */
const keyReference = text(512);
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** The key settings, LiteLLM's names; on update `null` clears a setting. */
const KEY_SETTINGS = {
  /** allowed models: model groups, model ids, ARNs or `*` patterns; empty (or LiteLLM's "all-proxy-models") = all */
  models: optional(patterns),
  /** ours: allowed agent, knowledge base, flow and guardrail ids (patterns allowed); empty = all */
  agent_resources: optional(patterns),
  max_budget: optional(z.number().min(0)),
  budget_duration: optional(durationText),
  rpm_limit: optional(limit),
  tpm_limit: optional(limit),
  max_parallel_requests: optional(limit),
  /** how long the key is valid, from now */
  duration: optional(durationText),
  key_alias: optional(text(256)),
  user_id: optional(text(256)),
  team_id: optional(text(256)),
  metadata: optional(z.record(z.string(), z.unknown())),
  tags: optional(z.array(text(256)).max(100)),
  blocked: optional(z.boolean()),
};

/** `POST /key/generate` */
export const generateKeySchema = z.strictObject({ ...KEY_SETTINGS, key: customKey.optional() });
/** `POST /key/update` */
export const updateKeySchema = z.strictObject({ key: keyReference, ...KEY_SETTINGS });
/** `POST /key/regenerate` and `/key/{key}/regenerate`: the key may come from the path; settings may change at once */
export const regenerateKeySchema = z.strictObject({ key: keyReference.optional(), new_key: customKey.optional(), ...KEY_SETTINGS });
/** `POST /key/block`, `POST /key/unblock` */
export const blockKeySchema = z.strictObject({ key: keyReference });
/** `POST /key/delete` */
export const deleteKeysSchema = z.strictObject({
  keys: z.array(keyReference).max(1000).optional(),
  key_aliases: z.array(text(256)).max(1000).optional(),
});

/** The settings fields as parsed (absent, null or a value). */
export type KeySettings = z.output<z.ZodObject<typeof KEY_SETTINGS>>;
/** The body of `POST /key/generate`, LiteLLM's names. */
export type GenerateKeyFields = z.input<typeof generateKeySchema>;
/** The body of `POST /key/update`. */
export type UpdateKeyFields = z.input<typeof updateKeySchema>;

/**
 * LiteLLM `/key/*` fields that bedrock-gw does not implement → the values that ask for nothing, which are accepted
 * (and ignored) so that clients sending every field with its default still work. Any other value is refused: a
 * limit the gateway would not enforce must not look accepted.
 */
export const UNSUPPORTED_KEY_FIELDS: Readonly<Record<string, readonly unknown[]>> = {
  organization_id: [null],
  project_id: [null],
  agent_id: [null],
  budget_id: [null],
  aliases: [null, {}],
  config: [null, {}],
  spend: [null, 0],
  send_invite_email: [null, false],
  guardrails: [null, []],
  policies: [null, []],
  disable_global_guardrails: [null, false],
  permissions: [null, {}],
  model_max_budget: [null, {}],
  model_rpm_limit: [null, {}],
  model_tpm_limit: [null, {}],
  tpm_limit_type: [null],
  rpm_limit_type: [null],
  soft_budget: [null],
  allowed_cache_controls: [null, []],
  prompts: [null, []],
  enforced_params: [null, []],
  allowed_routes: [null, []],
  allowed_passthrough_routes: [null, []],
  object_permission: [null, {}],
  key_type: [null, "default"],
  auto_rotate: [null, false],
  rotation_interval: [null],
  allowed_vector_store_indexes: [null, []],
  router_settings: [null, {}],
  access_group_ids: [null, []],
  temp_budget_increase: [null],
  temp_budget_expiry: [null],
  new_master_key: [null],
};

/** What to use instead, where bedrock-gw has something close. */
export const UNSUPPORTED_KEY_FIELD_HINTS: Readonly<Record<string, string>> = {
  object_permission: "use agent_resources for the agent, knowledge base, flow and guardrail ids a key may call",
  model_rpm_limit: "rpm_limit applies to the whole key",
  model_tpm_limit: "tpm_limit applies to the whole key",
  model_max_budget: "max_budget applies to the whole key",
  soft_budget: "max_budget is the one budget a key has",
  spend: "spend is computed from the spend logs",
};
