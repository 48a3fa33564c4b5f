// What each config key does, for docs/config-reference.md. The keys, types, bounds, ignored and refused keys come
// from the zod schemas themselves; this table only explains them. The renderer refuses a schema key without an
// entry here and an entry for a key the schema does not have, so the reference cannot drift from the code.
import { DEFAULT_GENERAL_SETTINGS } from "../../packages/core/src/config/resolve-general-settings.js";
import { DEFAULT_ROUTER_SETTINGS } from "../../packages/core/src/config/resolve-router-settings.js";

export interface FieldDoc {
  text: string;
  /** the value used when the key is absent, taken from the code's default tables where there is one */
  default?: string;
  /** shown when the schema leaves the type open (a section checked by its own schema) */
  type?: string;
}

export type SectionDocs = Readonly<Record<string, FieldDoc>>;

const MIB = 1024 * 1024;

/** Shared by `litellm_params` and `bedrock_defaults`: where and how to reach Bedrock. */
const CONNECTION_DOCS: SectionDocs = {
  aws_region_name: { text: "The AWS region to call (`us-east-1`, ...). Also sets the region of the default endpoints and of SigV4." },
  aws_access_key_id: { text: "Static credentials (with `aws_secret_access_key`); use `os.environ/NAME`, never the secret itself." },
  aws_secret_access_key: { text: "The secret of `aws_access_key_id`." },
  aws_session_token: { text: "The session token of temporary credentials." },
  aws_profile_name: { text: "A profile of `~/.aws/config` / `~/.aws/credentials` (SSO, role chains and `credential_process` included)." },
  aws_role_name: { text: "A role ARN to assume (STS AssumeRole) with the other credentials, or with the default chain when none are given." },
  aws_session_name: { text: "The role session name for `aws_role_name` / `aws_web_identity_token`." },
  aws_external_id: { text: "The external id that the role's trust policy requires." },
  aws_web_identity_token: { text: "An OIDC token (or `os.environ/` reference) for AssumeRoleWithWebIdentity with `aws_role_name`." },
  aws_sts_endpoint: { text: "A custom STS endpoint URL (e.g. a VPC endpoint) for role assumption." },
  aws_bedrock_runtime_endpoint: { text: "Overrides the bedrock-runtime endpoint URL (VPC endpoint, proxy, simulator)." },
  aws_bedrock_agent_runtime_endpoint: { text: "Overrides the bedrock-agent-runtime endpoint URL (knowledge bases, agents, flows)." },
  api_base: { text: "LiteLLM's name for the bedrock-runtime endpoint override." },
  api_key: { text: "A Bedrock API key, sent upstream as `Authorization: Bearer` instead of SigV4 (bedrock-runtime only; agent-runtime always signs)." },
};

const PRICE_DOCS: SectionDocs = {
  input_cost_per_token: { text: "Price override, USD per input token (else the bundled price table)." },
  output_cost_per_token: { text: "Price override, USD per output token." },
  cache_read_input_token_cost: { text: "Price override, USD per prompt-cache read token." },
  cache_creation_input_token_cost: { text: "Price override, USD per prompt-cache write token (5-minute cache)." },
  cache_creation_input_token_cost_above_1hr: { text: "Price override, USD per prompt-cache write token (1-hour cache)." },
};

export const ROOT_DOCS: SectionDocs = {
  model_list: { text: "The model groups: entries with one `model_name` are deployments of one group, balanced by the router." },
  general_settings: { text: "Keys, database, limits and timeouts of the gateway itself.", type: "mapping" },
  router_settings: { text: "Balancing, retries, cooldowns, fallbacks and the shared Redis.", type: "mapping" },
  bedrock_defaults: {
    text: "The connection used by raw model ids and by calls that name no model (agents, knowledge bases, guardrails, async invoke).",
    type: "mapping",
  },
  environment_variables: { text: "Variables set before the rest of the file is read (as in LiteLLM); values become strings.", type: "mapping" },
};

export const DEPLOYMENT_DOCS: SectionDocs = {
  model_name: { text: "The model group this entry belongs to: what clients put in `/bedrock/model/{model}/...`." },
  litellm_params: { text: "The deployment: model, connection, limits and prices (see below).", type: "mapping" },
  params: { text: "Another name for `litellm_params`.", type: "mapping" },
  model_info: { text: "A stable id and pricing hints; other keys are kept and shown by `/model/info`." },
};

export const DEPLOYMENT_PARAMS_DOCS: SectionDocs = {
  ...CONNECTION_DOCS,
  ...PRICE_DOCS,
  model: { text: "The Bedrock model id, inference-profile id or ARN to call (`bedrock/` prefix optional)." },
  model_id: { text: "LiteLLM: the id actually called (typically an ARN), while `model` then names the model for pricing." },
  custom_llm_provider: { text: 'LiteLLM\'s provider name; only `"bedrock"` is accepted.' },
  weight: { text: "Relative share of the group's traffic for this deployment.", default: "1" },
  rpm: { text: "Requests per minute this deployment may take; a deployment at its limit is skipped by the router." },
  tpm: { text: "Tokens per minute this deployment may take." },
  max_parallel_requests: { text: "Calls in flight at once on this deployment." },
  timeout: { text: "Whole-call timeout in seconds (else `router_settings.timeout`)." },
  stream_timeout: { text: "Longest silence between stream chunks, in seconds (else `router_settings.stream_timeout`)." },
  request_timeout: { text: "LiteLLM's older name for `timeout`." },
  ssl_verify: { text: "Only `true` is accepted: TLS is always verified (use `NODE_EXTRA_CA_CERTS` for a private CA)." },
};

export const MODEL_INFO_DOCS: SectionDocs = {
  id: { text: "A stable deployment id, in spend rows, metrics and `/model/info`.", default: "`<model_name>-<index>`" },
  base_model: { text: "The base model id whose prices apply, for opaque ids such as application-inference-profile ARNs." },
};

export const BEDROCK_DEFAULTS_DOCS: SectionDocs = {
  ...CONNECTION_DOCS,
  ssl_verify: DEPLOYMENT_PARAMS_DOCS.ssl_verify!,
  custom_llm_provider: { text: "Accepted and ignored (LiteLLM's provider name)." },
};

export const GENERAL_SETTINGS_DOCS: SectionDocs = {
  master_key: {
    text: "The admin key (`sk-...`); with it set, every call needs a valid key. Also from env `BEDROCK_GW_MASTER_KEY` or `LITELLM_MASTER_KEY`. Without one the gateway runs open (dev mode, loopback only unless `--allow-open`).",
  },
  database_url: {
    text: "PostgreSQL for keys and spend (`postgres://...`). Also from env `DATABASE_URL`. Absent: an embedded file database in `BEDROCK_GW_DATA_DIR` (default `.bedrock-gw/`).",
  },
  allow_raw_pass_through: { text: "Serve model ids and ARNs that are no `model_name` (with `bedrock_defaults`); `false` answers 404.", default: "`true`" },
  max_request_body_bytes: { text: "Largest request body accepted (413 above).", default: `${DEFAULT_GENERAL_SETTINGS.maxRequestBodyBytes / MIB} MiB` },
  max_request_size_mb: { text: "LiteLLM's body limit in MB; `max_request_body_bytes` wins when both are set." },
  connect_timeout: { text: "Seconds to connect to Bedrock.", default: `${DEFAULT_GENERAL_SETTINGS.connectTimeoutSeconds} s` },
  first_byte_timeout: { text: "Seconds from sending a call to Bedrock's response headers (408 ModelTimeoutException after).", default: `${DEFAULT_GENERAL_SETTINGS.firstByteTimeoutSeconds} s` },
  idle_timeout: { text: "Longest silence between response chunks, in seconds (a stream then ends with an exception event).", default: `${DEFAULT_GENERAL_SETTINGS.idleTimeoutSeconds} s` },
  public_metrics: { text: "Serve `GET /metrics` without the master key.", default: "`false`" },
  release_memory_after_idle: {
    text:
      "Once the gateway has been idle this many seconds after traffic (or after start-up), collect the heap so V8 hands back the memory it grew under load; `0` never does. Idle means no request taken or in flight and the event loop nearly unused, so an open stream, however slow, defers it. Never runs under load: one collection per quiet spell (up to three when V8 keeps its young generation large), each some 50-100 ms.",
    default: "10 s",
  },
  heap_growth_percent: {
    text:
      "How far V8 lets its old generation grow past what the last full collection found live before it collects again, in percent, for `bedrock-gw serve`'s process. Left to itself V8 goes up to 300 % when its collector keeps pace, which under load leaves the gateway holding about twice the memory it uses. Measured here under a 128-connection load (RSS, requests/s): `0` (V8's choice) 213-237 MB, 3,630/s; 200: 204 MB, 3,515/s; 100: 178 MB, 3,386/s; 50: 165 MB, 3,090/s.",
    default: "100",
  },
  young_generation_growth: {
    text:
      "Let V8 size its young generation (where short-lived objects are made) its own way, for `bedrock-gw serve`'s process: it doubles it under load up to its cap (32 MiB by default) and keeps it. `false` holds it at `young_generation_mb` from the process's first line on (loading the gateway's modules alone grows it to 16-32 MiB here).",
    default: "`false`",
  },
  young_generation_mb: {
    text:
      "The young generation's size (MiB, committed, both semi-spaces) that `bedrock-gw serve` holds unless `young_generation_growth` is true. V8 grows it by doubling from 2 MiB, so it is held at the first of 2, 4, 8, 16, 32 MiB at or above this (V8's cap, 32 MiB by default, at most), and grown back to it whenever V8 has shrunk it (V8 does once the process has been quiet for a few seconds, down to 1 MiB; the size is looked at every second). Without that regrowth, a gateway that had once been quiet ran on 1-2 MiB for good: 115 against 43 ms of collection time per 1,000 calls at 32 connections, measured here. Each collection of it costs about the same (it copies what is alive then, requests in flight included), so a smaller one costs CPU and a larger one memory. Measured here (AMD EPYC, 2 cores), garbage-collection time per 1,000 calls (10,000 calls at 32 connections / 6,000 at 128 connections against a 60 ms upstream) and RSS right after: 2: 45 / 73-104 ms, 147-150 MB; 4: 31-61 / 63-116 ms, 148-151 MB; 8: 32-41 / 65-96 ms, 152-153 MB; 16: 23-34 / 54-59 ms, 159 MB; V8's own (32): 18-19 / 29-31 ms, 174-182 MB. Right after a W3-like sequence (32 and 128 connections, HTTP/1.1 and h2c, then 128 against a 60 ms upstream): 4: 151-152 MB, 8: 155-164 MB, 16: 161-167 MB, V8's own: 176-181 MB; 15 s later, idle: 109-111, 110-120, 123-126, 115-118 MB.",
    default: `${DEFAULT_GENERAL_SETTINGS.youngGenerationMb} MiB`,
  },
};

export const ROUTER_SETTINGS_DOCS: SectionDocs = {
  routing_strategy: { text: "How a group's deployments are chosen.", default: `\`${DEFAULT_ROUTER_SETTINGS.routingStrategy}\`` },
  num_retries: { text: "Retries of a call that failed before its first byte (never once an answer has started).", default: String(DEFAULT_ROUTER_SETTINGS.numRetries) },
  cooldown_time: { text: "Seconds a failing deployment is left out.", default: `${DEFAULT_ROUTER_SETTINGS.cooldownTime} s` },
  allowed_fails: {
    text: "Failures a deployment may have within a minute; one more cools it down (a throttle or a Retry-After does at once).",
    default: String(DEFAULT_ROUTER_SETTINGS.allowedFails),
  },
  fallbacks: { text: "`[{ group: [other, ...] }]`: groups tried, in order, when every deployment of a group failed." },
  session_affinity: {
    text: "Keep related calls (one `x-bedrock-gw-session-id`, or one cached prompt prefix) on one deployment, so Bedrock's prompt cache is hit.",
    default: "`false`",
  },
  health_check_interval: {
    text: "Seconds between active health checks of every deployment (a CountTokens call, which Bedrock does not charge); absent: none.",
  },
  redis_url: { text: "Redis (`redis://` or `rediss://`) for counters, budgets and cooldowns shared by several gateway instances. Absent: in memory." },
  redis_host: { text: "LiteLLM's way to name Redis (with `redis_port`, `redis_password`); `redis_url` is simpler." },
  redis_port: { text: "With `redis_host`.", default: "6379" },
  redis_password: { text: "With `redis_host`." },
  timeout: { text: "Default whole-call timeout, in seconds, of deployments that set none." },
  stream_timeout: { text: "Default stream idle timeout, in seconds, of deployments that set none." },
  router_general_settings: { text: "LiteLLM's `pass_through_all_models`, the same as `general_settings.allow_raw_pass_through`." },
};
