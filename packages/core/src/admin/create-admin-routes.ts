import type { Authenticator } from "../auth/authenticate.js";
import { toErrorResponse } from "../errors/error-response.js";
import { GatewayError } from "../errors/gateway-error.js";
import type { SpendStore } from "../store/spend-store.js";
import { toSpendLogRow } from "../store/spend-log-row.js";
import type { GatewayMetrics } from "../telemetry/create-metrics.js";
import type { ResolvedConfig } from "../config/types.js";
import type { Router } from "../router/create-router.js";
import { isGroupAllowed } from "../limits/check-key-access.js";
import { describeModelGroups } from "./describe-model-groups.js";
import { parseSpendLogQuery, parseSpendReportQuery } from "./parse-spend-query.js";

export interface AdminRoutes {
  /** `GET /spend/logs`: a JSON array of rows with LiteLLM's field names; the next page's cursor in `x-bedrock-gw-next-cursor` */
  spendLogs(request: Request): Promise<Response>;
  /** `GET /spend/report` (and LiteLLM's `/global/spend/report`): daily totals per key, model or end user */
  spendReport(request: Request): Promise<Response>;
  /** `GET /metrics`: Prometheus text */
  metrics(request: Request): Promise<Response>;
  /** `GET /model/info` (any valid key; a virtual key sees the groups it may use): deployments and their health */
  modelInfo(request: Request): Promise<Response>;
}

export interface AdminRoutesDeps {
  store: SpendStore;
  metrics: GatewayMetrics;
  authenticator: Authenticator;
  router: Router;
  config: ResolvedConfig;
  /** serve /metrics without the master key */
  publicMetrics: boolean;
  createRequestId: () => string;
}

/**
 * The gateway's own routes that read its state. Each answers Bedrock-shaped errors (a bad filter is a 400 with
 * the reason) and requires the master key (or the gateway running open).
 */
export function createAdminRoutes(deps: AdminRoutesDeps): AdminRoutes {
  const guarded =
    (handler: (request: Request) => Promise<Response>, options: { open?: boolean } = {}) =>
    async (request: Request): Promise<Response> => {
      const requestId = deps.createRequestId();
      try {
        if (!options.open) await assertMaster(request.headers);
        const response = await handler(request);
        response.headers.set("x-bedrock-gw-request-id", requestId);
        return response;
      } catch (error) {
        return toErrorResponse(error, requestId);
      }
    };

  async function assertMaster(headers: Headers): Promise<void> {
    const principal = await deps.authenticator.authenticate(headers);
    if (principal.kind === "virtual") {
      throw new GatewayError("access-denied", "This route needs the master key; a virtual key may only call Bedrock and /model/info.");
    }
  }

  return {
    modelInfo: async (request) => {
      const requestId = deps.createRequestId();
      try {
        const principal = await deps.authenticator.authenticate(request.headers);
        const groups = [...deps.config.modelGroups].filter(
          ([group, deployments]) => principal.kind !== "virtual" || isGroupAllowed(principal.key, group, deployments),
        );
        const data = await describeModelGroups(groups, deps.router);
        return Response.json({ data }, { headers: { "x-bedrock-gw-request-id": requestId } });
      } catch (error) {
        return toErrorResponse(error, requestId);
      }
    },
    spendLogs: guarded(async (request) => {
      const page = await deps.store.querySpend(parseSpendLogQuery(new URL(request.url).searchParams));
      const headers = new Headers({ "content-type": "application/json" });
      if (page.nextCursor) headers.set("x-bedrock-gw-next-cursor", page.nextCursor);
      return new Response(JSON.stringify(page.rows.map(toSpendLogRow)), { headers });
    }),
    spendReport: guarded(async (request) => {
      const totals = await deps.store.dailyReport(parseSpendReportQuery(new URL(request.url).searchParams));
      return Response.json(totals);
    }),
    metrics: guarded(
      async () =>
        new Response(await deps.metrics.registry.metrics(), { headers: { "content-type": deps.metrics.registry.contentType } }),
      { open: deps.publicMetrics },
    ),
  };
}
