import type { ConsumeResult, SharedState } from "../counters/shared-state.js";
import type { ResolvedDeployment } from "../config/types.js";
import { DEPLOYMENT_WINDOW_MS, createDeploymentKeyFormatter } from "./deployment-keys.js";

export interface LimitCheck {
  /** the deployment is under its rpm and tpm */
  allowed: boolean;
  /** when refused: ms until the window has room again (the later of the two limits) */
  retryAfterMs: number;
}

export interface UsageReading {
  /** requests in the last 60 s (sliding estimate) */
  rpmUsed: number;
  /** tokens in the last 60 s (sliding estimate) */
  tpmUsed: number;
}

const ALLOWED: LimitCheck = { allowed: true, retryAfterMs: 0 };

/**
 * A deployment's rpm/tpm usage in shared 60 s sliding windows. Requests count when reserved (`reserveRequest`),
 * tokens when known (`recordTokens`). rpm is a "fits" limit (one more request must fit), tpm an "under" limit
 * (the tokens of a request are only known afterwards, so a request is allowed while usage is below the limit).
 *
 * @example
 * const usage = createDeploymentUsage(state);
 * if ((await usage.reserveRequest(deployment)).allowed) send(); // counts the request
 * await usage.recordTokens(deployment.id, 1234);
 */
export function createDeploymentUsage(state: SharedState) {
  const rpmKey = createDeploymentKeyFormatter("rpm");
  const tpmKey = createDeploymentKeyFormatter("tpm");
  // amount 0 in "under" mode: an atomic "is there room" that also says when there will be
  const checkTpm = (deployment: ResolvedDeployment): Promise<ConsumeResult | undefined> =>
    deployment.tpm === undefined ? Promise.resolve(undefined) : state.consume(tpmKey(deployment.id), 0, deployment.tpm, DEPLOYMENT_WINDOW_MS, "under");

  return {
    /** whether the deployment is under its rpm and tpm now, without counting anything */
    async checkDeploymentLimits(deployment: ResolvedDeployment): Promise<LimitCheck> {
      const rpm = deployment.rpm === undefined ? undefined : state.consume(rpmKey(deployment.id), 0, deployment.rpm, DEPLOYMENT_WINDOW_MS, "under");
      return combine(await Promise.all([rpm, checkTpm(deployment)]));
    },

    /** counts one request against the deployment's rpm if it fits and its tpm is not used up; nothing is counted when refused */
    async reserveRequest(deployment: ResolvedDeployment): Promise<LimitCheck> {
      const key = rpmKey(deployment.id);
      // the common case, no limit at all: count the request and nothing else
      if (deployment.rpm === undefined && deployment.tpm === undefined) {
        await state.record(key, 1, DEPLOYMENT_WINDOW_MS);
        return ALLOWED;
      }
      const rpm =
        deployment.rpm === undefined ? state.record(key, 1, DEPLOYMENT_WINDOW_MS).then(() => undefined)
        : state.consume(key, 1, deployment.rpm, DEPLOYMENT_WINDOW_MS, "fits");
      const [request, tokens] = await Promise.all([rpm, checkTpm(deployment)]);
      // both run at once to save a round trip; take the request back when the token limit refused it
      if (tokens?.allowed === false && request?.allowed !== false) await state.record(key, -1, DEPLOYMENT_WINDOW_MS);
      return combine([request, tokens]);
    },

    /** adds the tokens a call used (input + output) to the deployment's tpm window */
    async recordTokens(id: string, tokens: number): Promise<void> {
      if (Number.isFinite(tokens) && tokens > 0) await state.record(tpmKey(id), tokens, DEPLOYMENT_WINDOW_MS);
    },

    /** the deployment's usage in the current window; with `onlyLimited`, a counter without a limit is not read (0) */
    async readUsage(deployment: ResolvedDeployment, options: { onlyLimited?: boolean } = {}): Promise<UsageReading> {
      const read = (key: string, limit: number | undefined) =>
        options.onlyLimited === true && limit === undefined ? Promise.resolve(0) : state.peek(key, DEPLOYMENT_WINDOW_MS);
      const [rpmUsed, tpmUsed] = await Promise.all([read(rpmKey(deployment.id), deployment.rpm), read(tpmKey(deployment.id), deployment.tpm)]);
      return { rpmUsed, tpmUsed };
    },
  };
}

export type DeploymentUsage = ReturnType<typeof createDeploymentUsage>;

function combine(results: ReadonlyArray<ConsumeResult | undefined>): LimitCheck {
  if (results.every((result) => result === undefined || result.allowed)) return ALLOWED;
  const refused = results.filter((result): result is ConsumeResult => result !== undefined && !result.allowed);
  return { allowed: false, retryAfterMs: Math.max(...refused.map((result) => result.retryAfterMs)) };
}
