import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Dispatcher } from "undici";
import { createCallRecorder } from "../accounting/create-call-recorder.js";
import { createRequestIds } from "../accounting/create-request-ids.js";
import { createAdminRoutes } from "../admin/create-admin-routes.js";
import type { AdminRoutes } from "../admin/create-admin-routes.js";
import { createAuthenticator } from "../auth/authenticate.js";
import { createKeyCache } from "../auth/key-cache.js";
import { createSharedState } from "../counters/create-shared-state.js";
import type { SharedState } from "../counters/shared-state.js";
import { createKeyRoutes } from "../keys/create-key-routes.js";
import type { KeyRoutes } from "../keys/create-key-routes.js";
import { createKeyLimiter } from "../limits/create-key-limiter.js";
import { createRouter } from "../router/create-router.js";
import type { Router } from "../router/create-router.js";
import { randomBytes } from "node:crypto";
import type { ResolvedConfig } from "../config/types.js";
import { toErrorReply } from "../errors/error-response.js";
import { toGatewayError } from "../errors/gateway-error.js";
import { createPriceCatalog } from "../pricing/create-price-catalog.js";
import { loadPriceTable } from "../pricing/load-price-table.js";
import type { PriceTable } from "../pricing/types.js";
import { createStore } from "../store/create-store.js";
import { DEFAULT_DATA_DIR } from "../store/create-sqlite-store.js";
import { createSpendWriter } from "../store/spend-writer.js";
import type { SpendWriter } from "../store/spend-writer.js";
import type { SpendRecord } from "../store/spend-record.js";
import type { GatewayStore } from "../store/gateway-store.js";
import { createLogger } from "../telemetry/create-logger.js";
import type { Logger } from "../telemetry/create-logger.js";
import { createMetrics } from "../telemetry/create-metrics.js";
import type { GatewayMetrics } from "../telemetry/create-metrics.js";
import { createTargetSigners } from "../upstream/target-signers.js";
import { createUpstreamClient } from "../upstream/upstream-client.js";
import { createRouterTelemetry, readDeploymentStates } from "../router/create-router-telemetry.js";
import { startConfiguredHealthChecks } from "../router/start-configured-health-checks.js";
import { createEndpointParts, forwardCall } from "./forward-call.js";
import { createCachedPathClassifier } from "../routing/classify-path.js";
import { handleBedrockCall } from "./handle-bedrock-call.js";
import type { CreateResponse, GatewayReply } from "./gateway-reply.js";
import { toWebResponse } from "./gateway-reply.js";
import type { BedrockCallRequest } from "./handle-bedrock-call.js";
import { readClientContext } from "./read-client-context.js";
import { fromNodeRequest, fromWebRequest } from "./to-call-request.js";
import { writeNodeReply } from "../server/write-node-reply.js";

export interface GatewayDeps {
  clock?: () => number;
  random?: () => number;
  createRequestId?: () => string;
  /** an undici dispatcher for upstream calls (tests, corporate proxies) */
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** spend logs and keys; default: PostgreSQL for `database_url`, else the embedded file database in the data dir */
  store?: GatewayStore;
  /** limits, budgets, cooldowns and the invalidation bus; default: Redis for `redis_url`, else memory */
  state?: SharedState;
  /** builds responses to Bedrock calls (default: the global Response; the CLI passes srvx's faster one) */
  createResponse?: CreateResponse;
  /** replaces the spend writer (a cluster worker hands rows to its primary) */
  spendSink?: (record: SpendRecord) => void;
  /** the bundled price table unless given */
  prices?: PriceTable;
}

export interface Gateway {
  /** handles one request under `/bedrock/` (the prefix is part of the URL) */
  handle(request: Request): Promise<Response>;
  /**
   * The same for a Node server (HTTP/1.1 or the HTTP/2 compatibility API): reads `req` and writes `res` directly,
   * with no web Request, Response or stream in between. Resolves once the response is written or abandoned.
   */
  handleNode(req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse): Promise<void>;
  /** a new request id (a time-ordered UUID), for responses a host app makes outside the gateway */
  createRequestId(): string;
  /** the gateway's own state routes: spend logs and report, metrics, model info */
  readonly admin: AdminRoutes;
  /** the key management API (`/key/*`) */
  readonly keys: KeyRoutes;
  readonly router: Router;
  readonly state: SharedState;
  /** resolves once the store is migrated and the spill file replayed; rejects if the database cannot be reached */
  ready(): Promise<void>;
  /** database status for /health/readiness */
  readiness(): Promise<Record<string, unknown>>;
  /** true when the gateway runs without a master key */
  readonly open: boolean;
  readonly config: ResolvedConfig;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly spendWriter: SpendWriter;
  /** flushes queued spend rows (up to the deadline), then closes the store and upstream connections */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * Composes the gateway: a web `Request → Response` handler for Bedrock's own REST API under `/bedrock/`,
 * mountable in h3, Hono, Express adapters or a bare `node:http` server, which accounts every call (usage, cost,
 * a spend row, metrics, one log line).
 *
 * @example
 * const gateway = createGateway(loadConfig("config.yaml", { env: process.env }));
 * await gateway.ready();
 * const response = await gateway.handle(new Request("http://gw/bedrock/model/claude/converse", { method: "POST", body }));
 */
export function createGateway(config: ResolvedConfig, deps: GatewayDeps = {}): Gateway {
  const clock = deps.clock ?? Date.now;
  const random = deps.random ?? Math.random;
  const createRequestId = deps.createRequestId ?? createRequestIds(clock);
  const logger = deps.logger ?? createLogger();
  const dataDir = config.general.dataDir ?? DEFAULT_DATA_DIR;
  const store =
    deps.store ??
    createStore({
      ...(config.general.databaseUrl ? { databaseUrl: config.general.databaseUrl } : {}),
      dataDir,
      onPoolError: (error) => logger.warn({ err: error.message }, "database connection error"),
    });
  const state =
    deps.state ?? createSharedState({ ...(config.router.redisUrl ? { redisUrl: config.router.redisUrl } : {}), logger });
  const storeReady = store.migrate().then(() => undefined);
  const writer = createSpendWriter({
    // writes wait for the migration; a failed one is retried by the writer's backoff
    store: { insertSpend: (rows) => storeReady.then(() => store.insertSpend(rows)) },
    spillPath: join(dataDir, "spend-spill.jsonl"),
    logger,
  });
  const metrics = createMetrics({
    readSpendQueueDepth: () => writer.depth,
    // scrape time only, when `router` exists
    readDeploymentStates: () => readDeploymentStates(config.deployments, router.health),
  });
  const recorder = createCallRecorder({
    clock,
    now: () => performance.now(),
    metrics,
    logger,
    enqueue: deps.spendSink ?? ((record) => writer.enqueue(record)),
  });
  const keyCache = createKeyCache({ store, clock });
  const unsubscribe = state.subscribe(KEY_CHANNEL, (keyHash) => keyCache.invalidate(keyHash));
  const authenticator = createAuthenticator({ ...(config.general.masterKey ? { masterKey: config.general.masterKey } : {}), keys: keyCache, clock });
  const prices = createPriceCatalog(deps.prices ?? loadPriceTable());
  const telemetry = createRouterTelemetry(metrics, logger);
  const router = createRouter({ config, state, clock, random, ...telemetry });
  const signers = createTargetSigners([config.defaults, ...config.deployments], clock);
  const upstream = createUpstreamClient({
    connectTimeoutMs: config.general.timeouts.connectMs,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });
  const forwardDeps = { signers, upstream, timeouts: config.general.timeouts, endpointParts: createEndpointParts() };
  const callDeps = {
    config,
    authenticator,
    signers,
    upstream,
    forwardDeps,
    classify: createCachedPathClassifier(),
    prices,
    router,
    keyLimiter: createKeyLimiter({ state, store, clock }),
  };
  const createResponse: CreateResponse = deps.createResponse ?? ((body, init) => new Response(body, init));
  const run = async (request: BedrockCallRequest): Promise<GatewayReply> => {
    const call = recorder.begin(createRequestId(), readClientContext(request.headers));
    try {
      return await handleBedrockCall(request, call, callDeps);
    } catch (error) {
      const reply = toErrorReply(error, call.requestId);
      call.markFirstByteOut();
      call.finish({ status: reply.status, errorType: toGatewayError(error).bedrockName, streamed: false });
      return reply;
    }
  };
  const healthChecks = startConfiguredHealthChecks(config, {
    health: router.health,
    clock,
    telemetry,
    logger,
    forward: (input) => forwardCall(input, forwardDeps),
  });
  const ready = Promise.all([storeReady, unsubscribe]).then(async () => {
    // with a spend sink (a cluster worker) the rows and the spill file belong to whoever owns the sink
    if (deps.spendSink) return;
    const replayed = await writer.replaySpill();
    if (replayed > 0) logger.info({ rows: replayed }, "replayed spilled spend rows");
  });
  ready.catch((error: unknown) => logger.error({ err: (error as Error).message }, "the spend database is not ready; rows stay queued"));

  return {
    open: authenticator.open,
    config,
    metrics,
    logger,
    router,
    state,
    spendWriter: writer,
    createRequestId,
    admin: createAdminRoutes({ store, metrics, authenticator, router, config, publicMetrics: config.general.publicMetrics, createRequestId }),
    keys: createKeyRoutes({
      store,
      isMasterKey: (headers) => authenticator.isMasterKey(headers),
      onKeyChanged: (keyHash) => {
        keyCache.invalidate(keyHash);
        return state.publish(KEY_CHANNEL, keyHash);
      },
      clock,
      randomBytes: (size) => randomBytes(size),
      createRequestId,
    }),
    ready: () => ready,
    async readiness() {
      const [database, shared] = await Promise.all([
        store.ping().then(
          () => ({ database: "ok" }),
          (error: unknown) => ({ database: "unreachable", databaseError: (error as Error).message }),
        ),
        state.health(),
      ]);
      return { ...database, spendQueue: writer.depth, sharedState: shared };
    },
    async handle(request) {
      return toWebResponse(await run(fromWebRequest(request)), createResponse);
    },
    async handleNode(req, res) {
      const request = fromNodeRequest(req, res);
      await writeNodeReply(await run(request), res, request.signal);
    },
    async close(options = {}) {
      healthChecks?.stop();
      await writer.close(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs });
      await (await unsubscribe.catch(() => async () => undefined))();
      await Promise.allSettled([store.close(), callDeps.upstream.close(), deps.state ? Promise.resolve() : state.close()]);
      logger.flush();
    },
  };
}

/** the bus channel on which a changed key's hash is published, so every instance drops its cached copy */
const KEY_CHANNEL = "keys";
