import type { SpendRecord } from "./spend-record.js";

export interface SpendFilter {
  keyHash?: string;
  userId?: string;
  endUser?: string;
  /** model group or model id */
  model?: string;
  requestId?: string;
  /** inclusive */
  startTime?: Date;
  /** exclusive */
  endTime?: Date;
  /** page size (default 100, max 1000) */
  limit?: number;
  /** opaque cursor from a previous page */
  cursor?: string;
}

export interface SpendPage {
  rows: SpendRecord[];
  nextCursor?: string;
}

export type ReportGroup = "key" | "model" | "end_user";

export interface DailyTotal {
  /** UTC day, YYYY-MM-DD */
  day: string;
  /** the key hash, model (group, else id) or end user, per `groupBy` */
  group: string;
  requests: number;
  cost: number;
  unpricedRequests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

/** Persistent state: spend logs now, keys later. Every implementation passes the shared suite. */
export interface SpendStore {
  /** runs pending migrations (versioned); safe to call on every start and from several instances */
  migrate(): Promise<void>;
  /** inserts rows; a row whose requestId exists already is ignored (replays are idempotent) */
  insertSpend(rows: readonly SpendRecord[]): Promise<void>;
  querySpend(filter: SpendFilter): Promise<SpendPage>;
  dailyReport(options: { groupBy: ReportGroup; startTime?: Date; endTime?: Date }): Promise<DailyTotal[]>;
  /** cheap liveness check for /health/readiness */
  ping(): Promise<void>;
  close(): Promise<void>;
}
