/**
 * The resolved, typed configuration: what the rest of core works with.
 * The user's YAML (LiteLLM-compatible) is parsed and validated once into this shape by `resolveConfig`.
 */

/** Where SigV4 credentials come from. Resolved into a cached, single-flight provider by `upstream/credentials.ts`. */
export type CredentialSource =
  | { kind: "static"; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { kind: "profile"; profile: string }
  | {
      kind: "assume-role";
      roleArn: string;
      sessionName?: string;
      externalId?: string;
      stsRegion?: string;
      /** `aws_sts_endpoint`: a custom STS endpoint URL (e.g. a VPC endpoint); absent = the regional default */
      stsEndpoint?: string;
      /** the credentials used to call STS AssumeRole */
      source: CredentialSource;
    }
  | {
      kind: "web-identity";
      roleArn: string;
      tokenFile?: string;
      token?: string;
      sessionName?: string;
      stsRegion?: string;
      /** `aws_sts_endpoint`: a custom STS endpoint URL; absent = the regional default */
      stsEndpoint?: string;
    }
  /** the AWS SDK's default provider chain (env, SSO, ini, process, web identity, ECS/EC2 metadata) */
  | { kind: "chain"; profile?: string };

/** How one upstream target authenticates. `bearerToken` (a Bedrock API key) is used for bedrock-runtime only;
 * agent-runtime always signs with SigV4, since Bedrock API keys are not accepted there. */
export interface UpstreamAuth {
  credentials: CredentialSource;
  bearerToken?: string;
}

/** An upstream Bedrock endpoint: origin plus an optional base path (no trailing slash). */
export interface Endpoint {
  /** e.g. `https://bedrock-runtime.us-east-1.amazonaws.com` or `http://127.0.0.1:9000` */
  origin: string;
  /** e.g. `` or `/prefix`; prepended to the operation path */
  basePath: string;
  /** the host header value SigV4 signs (hostname[:port], port only when not the default for the scheme) */
  host: string;
}

/** Everything needed to send a call to Bedrock: region, endpoints and auth. */
export interface UpstreamTarget {
  region: string;
  runtimeEndpoint: Endpoint;
  agentRuntimeEndpoint: Endpoint;
  auth: UpstreamAuth;
}

/** Per-deployment prices overriding the bundled table (USD per token). */
export interface PriceOverride {
  inputCostPerToken?: number;
  outputCostPerToken?: number;
  cacheReadInputTokenCost?: number;
  cacheCreationInputTokenCost?: number;
  cacheCreationInputTokenCostAbove1hr?: number;
}

export interface ResolvedDeployment extends UpstreamTarget {
  /** stable id: `model_info.id`, else `${modelName}-${index}` */
  id: string;
  /** the model group (config `model_name`) */
  modelName: string;
  /** Bedrock model id, inference-profile id or ARN, without LiteLLM's `bedrock/` (or `bedrock/converse/`...) prefix */
  modelId: string;
  /** position in `model_list`, for messages */
  index: number;
  weight?: number;
  rpm?: number;
  tpm?: number;
  maxParallelRequests?: number;
  /** whole-call timeout in ms (`timeout`, seconds in the config) */
  timeoutMs?: number;
  /** idle timeout between stream chunks in ms (`stream_timeout`) */
  streamTimeoutMs?: number;
  prices: PriceOverride;
  /** `model_info.base_model`: prices opaque ARNs */
  baseModel?: string;
  /** the rest of `model_info`, kept for /model/info */
  modelInfo: Record<string, unknown>;
}

export type RoutingStrategy = "simple-shuffle" | "least-busy" | "latency-based-routing" | "usage-based-routing";

export interface ResolvedRouterSettings {
  routingStrategy: RoutingStrategy;
  numRetries: number;
  /** seconds */
  cooldownTime: number;
  allowedFails: number;
  /** model group → ordered fallback groups */
  fallbacks: Map<string, string[]>;
  sessionAffinity: boolean;
  /** seconds between active health checks of every deployment (`health_check_interval`); absent = off */
  healthCheckInterval?: number;
  redisUrl?: string;
}

export interface UpstreamTimeouts {
  /** TCP/TLS connect timeout */
  connectMs: number;
  /** time from request sent to response headers */
  firstByteMs: number;
  /** maximum silence between body chunks */
  idleMs: number;
}

export interface ResolvedGeneralSettings {
  masterKey?: string;
  databaseUrl?: string;
  /** serve model ids / ARNs that are no config `model_name` (default true) */
  allowRawPassThrough: boolean;
  /** request body limit in bytes (default 20 MiB) */
  maxRequestBodyBytes: number;
  timeouts: UpstreamTimeouts;
  /** serve /metrics without the master key */
  publicMetrics: boolean;
  /** `bedrock-gw serve` collects the heap once the event loop has been idle this long after load (0 = never) */
  releaseMemoryAfterIdleMs: number;
  /** `bedrock-gw serve` lets V8's old generation grow to (1 + this / 100) × live before collecting (0 = V8's choice) */
  heapGrowthPercent: number;
  /** `bedrock-gw serve` lets V8 grow its young generation under load (default false: it is held at `youngGenerationMb`) */
  youngGenerationGrowth: boolean;
  /** the young generation's size `bedrock-gw serve` holds, MB committed (default 8), unless `youngGenerationGrowth` */
  youngGenerationMb: number;
  /** env `BEDROCK_GW_DATA_DIR` as given (not made absolute); absent = `.bedrock-gw/` under the working directory */
  dataDir?: string;
}

export interface ResolvedConfig {
  /** every deployment, in config order */
  deployments: ResolvedDeployment[];
  /** model group name → its deployments (config order) */
  modelGroups: Map<string, ResolvedDeployment[]>;
  /** the target for pass-through ids and model-less calls (agent-runtime, guardrails, async-invoke):
   * `bedrock_defaults`, then the environment */
  defaults: UpstreamTarget;
  general: ResolvedGeneralSettings;
  router: ResolvedRouterSettings;
  /** `path: message` notes that did not stop the config (e.g. settings skipped under `--simulate`) */
  warnings?: string[];
}

/** The local Bedrock simulator that `serve --simulate` starts. */
export interface SimulatorTarget {
  /** e.g. `http://127.0.0.1:54321`; serves both bedrock-runtime and bedrock-agent-runtime */
  url: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** What `resolveConfig` reads besides the config itself. */
export interface ResolveConfigOptions {
  /** the environment for `os.environ/NAME` references and the AWS fallbacks (pass `process.env` at the edge) */
  env: Record<string, string | undefined>;
  /** point every target whose endpoint the config (or env) does not name at this simulator */
  simulator?: SimulatorTarget;
}
