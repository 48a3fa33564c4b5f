import type { IssueCollector } from "./config-error.js";
import { readEnv } from "./connection-layers.js";
import type { GeneralSettingsInput, RouterSettingsInput } from "./settings-schema.js";
import { DATABASE_URL_PROBLEM, MASTER_KEY_PROBLEM, isDatabaseUrl, isMasterKeyShape } from "./settings-schema.js";
import type { ResolvedGeneralSettings } from "./types.js";

const MIB = 1024 * 1024;

/** Defaults of `general_settings`. Bedrock calls can take minutes (long generations, slow first token under load),
 * so first-byte and idle limits are generous; connecting is fast or broken. 20 MiB covers Bedrock's own request
 * limits for images and documents sent inline. */
export const DEFAULT_GENERAL_SETTINGS = {
  maxRequestBodyBytes: 20 * MIB,
  connectTimeoutSeconds: 10,
  firstByteTimeoutSeconds: 600,
  idleTimeoutSeconds: 300,
  releaseMemoryAfterIdleSeconds: 10,
  heapGrowthPercent: 100,
  youngGenerationGrowth: false,
  youngGenerationMb: 8,
} as const;

/**
 * Resolves `general_settings` (plus the environment fallbacks `BEDROCK_GW_MASTER_KEY` / `LITELLM_MASTER_KEY`,
 * `DATABASE_URL` and `BEDROCK_GW_DATA_DIR`). Raw pass-through is on unless `allow_raw_pass_through: false`, or
 * LiteLLM's `router_settings.router_general_settings.pass_through_all_models: false` when ours is not set.
 *
 * @example
 * resolveGeneralSettings({ master_key: "sk-1234" }, undefined, {}, issues).timeouts.firstByteMs // 600000
 */
export function resolveGeneralSettings(
  input: GeneralSettingsInput | undefined,
  router: RouterSettingsInput | undefined,
  env: Readonly<Record<string, string | undefined>>,
  issues: IssueCollector,
): ResolvedGeneralSettings {
  const settings = input ?? {};
  const masterKey = settings.master_key ?? readCheckedEnv(env, ["BEDROCK_GW_MASTER_KEY", "LITELLM_MASTER_KEY"], isMasterKeyShape, MASTER_KEY_PROBLEM, issues);
  const databaseUrl = settings.database_url ?? readCheckedEnv(env, ["DATABASE_URL"], isDatabaseUrl, DATABASE_URL_PROBLEM, issues);
  const dataDir = readEnv(env, "BEDROCK_GW_DATA_DIR");
  const seconds = (value: number | undefined, fallback: number): number => Math.round((value ?? fallback) * 1000);
  return {
    ...(masterKey !== undefined ? { masterKey } : {}),
    ...(databaseUrl !== undefined ? { databaseUrl } : {}),
    allowRawPassThrough: resolveAllowRawPassThrough(settings, router, issues),
    maxRequestBodyBytes:
      settings.max_request_body_bytes ??
      (settings.max_request_size_mb !== undefined ? Math.floor(settings.max_request_size_mb * MIB) : DEFAULT_GENERAL_SETTINGS.maxRequestBodyBytes),
    timeouts: {
      connectMs: seconds(settings.connect_timeout, DEFAULT_GENERAL_SETTINGS.connectTimeoutSeconds),
      firstByteMs: seconds(settings.first_byte_timeout, DEFAULT_GENERAL_SETTINGS.firstByteTimeoutSeconds),
      idleMs: seconds(settings.idle_timeout, DEFAULT_GENERAL_SETTINGS.idleTimeoutSeconds),
    },
    publicMetrics: settings.public_metrics ?? false,
    releaseMemoryAfterIdleMs: seconds(settings.release_memory_after_idle, DEFAULT_GENERAL_SETTINGS.releaseMemoryAfterIdleSeconds),
    heapGrowthPercent: settings.heap_growth_percent ?? DEFAULT_GENERAL_SETTINGS.heapGrowthPercent,
    youngGenerationGrowth: settings.young_generation_growth ?? DEFAULT_GENERAL_SETTINGS.youngGenerationGrowth,
    youngGenerationMb: settings.young_generation_mb ?? DEFAULT_GENERAL_SETTINGS.youngGenerationMb,
    ...(dataDir !== undefined ? { dataDir } : {}),
  };
}

function resolveAllowRawPassThrough(
  settings: GeneralSettingsInput,
  router: RouterSettingsInput | undefined,
  issues: IssueCollector,
): boolean {
  const ours = settings.allow_raw_pass_through;
  const litellm = router?.router_general_settings?.pass_through_all_models;
  if (ours !== undefined && litellm !== undefined && ours !== litellm) {
    issues.add(
      "general_settings.allow_raw_pass_through",
      `is ${String(ours)} but router_settings.router_general_settings.pass_through_all_models is ${String(litellm)}; remove one`,
    );
  }
  return ours ?? litellm ?? true;
}

function readCheckedEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
  isValid: (value: string) => boolean,
  problem: string,
  issues: IssueCollector,
): string | undefined {
  const name = names.find((candidate) => readEnv(env, candidate) !== undefined);
  if (name === undefined) return undefined;
  const value = readEnv(env, name) ?? "";
  if (isValid(value)) return value;
  issues.add(`environment ${name}`, problem);
  return undefined;
}
