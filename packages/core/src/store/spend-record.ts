import type { UsageSource } from "../usage/types.js";

/** One row per request, whatever the route or outcome. */
export interface SpendRecord {
  requestId: string;
  startTime: Date;
  endTime: Date;
  /** request received → first response byte sent to the client */
  timeToFirstByteMs?: number;
  /** request sent upstream → upstream response headers */
  upstreamLatencyMs?: number;
  /** time spent in the gateway itself (total minus time waiting on upstream) */
  gatewayOverheadMs?: number;
  /** SHA-256 hex of the key presented (never the key) */
  keyHash?: string;
  keyAlias?: string;
  userId?: string;
  teamId?: string;
  endUser?: string;
  sessionId?: string;
  tags: string[];
  routeKind: "bedrock-runtime" | "bedrock-agent-runtime" | "gateway";
  operation: string;
  modelGroup?: string;
  deploymentId?: string;
  region?: string;
  /** the model id sent upstream */
  modelId?: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  totalTokens: number;
  guardrailUnits?: Record<string, number>;
  /** USD; null when unpriced */
  cost: number | null;
  unpriced: boolean;
  unpricedReason?: string;
  usageSource: UsageSource;
  status: number;
  errorType?: string;
  streamed: boolean;
  partial: boolean;
  /** upstream attempts (retries come with the router) */
  attempts: number;
}
