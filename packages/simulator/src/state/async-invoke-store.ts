import { createAlphanumericId } from "../util/create-uuid.js";

export type AsyncInvokeStatus = "InProgress" | "Completed" | "Failed";

export interface AsyncInvokeJob {
  invocationArn: string;
  modelArn: string;
  clientRequestToken?: string;
  submitTime: number;
  outputDataConfig: unknown;
}

export interface AsyncInvokeView extends AsyncInvokeJob {
  status: AsyncInvokeStatus;
  lastModifiedTime: number;
  endTime?: number;
}

export interface AsyncInvokeStore {
  /** starts a job, or returns the one already started with the same client request token */
  start(input: { region: string; modelArn: string; clientRequestToken?: string; outputDataConfig: unknown }): AsyncInvokeJob;
  get(invocationArn: string): AsyncInvokeView | undefined;
  /** every job, oldest first */
  list(): AsyncInvokeView[];
}

const ACCOUNT_ID = "123456789012";

/**
 * The async-invoke jobs of one simulator. A job is InProgress for `durationMs` of simulator time, then Completed.
 *
 * @example
 * const store = createAsyncInvokeStore({ clock: Date.now, random: Math.random, durationMs: 0 });
 */
export function createAsyncInvokeStore(deps: { clock: () => number; random: () => number; durationMs: number }): AsyncInvokeStore {
  const jobs = new Map<string, AsyncInvokeJob>();
  const byToken = new Map<string, string>();
  const view = (job: AsyncInvokeJob): AsyncInvokeView => {
    const endTime = job.submitTime + deps.durationMs;
    const done = deps.clock() >= endTime;
    return done ? { ...job, status: "Completed", lastModifiedTime: endTime, endTime } : { ...job, status: "InProgress", lastModifiedTime: job.submitTime };
  };
  return {
    start(input) {
      const existing = input.clientRequestToken ? byToken.get(input.clientRequestToken) : undefined;
      if (existing) return jobs.get(existing)!;
      const invocationArn = `arn:aws:bedrock:${input.region}:${ACCOUNT_ID}:async-invoke/${createAlphanumericId(deps.random, 12)}`;
      const job: AsyncInvokeJob = {
        invocationArn,
        modelArn: input.modelArn,
        ...(input.clientRequestToken ? { clientRequestToken: input.clientRequestToken } : {}),
        submitTime: deps.clock(),
        outputDataConfig: input.outputDataConfig,
      };
      jobs.set(invocationArn, job);
      if (input.clientRequestToken) byToken.set(input.clientRequestToken, invocationArn);
      return job;
    },
    get(invocationArn) {
      const job = jobs.get(invocationArn);
      return job ? view(job) : undefined;
    },
    list() {
      return [...jobs.values()].map(view);
    },
  };
}
