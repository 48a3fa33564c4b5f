import type { Call } from "../accounting/create-call-recorder.js";
import type { Authenticator, Principal } from "../auth/authenticate.js";
import type { ResolvedConfig } from "../config/types.js";
import { GatewayError } from "../errors/gateway-error.js";
import { assertKeyMayCall, isGroupAllowed } from "../limits/check-key-access.js";
import type { KeyLimiter } from "../limits/create-key-limiter.js";
import { estimateCallCost } from "../limits/estimate-call-cost.js";
import type { PriceCatalog } from "../pricing/create-price-catalog.js";
import type { GroupCall, Router } from "../router/create-router.js";
import { classifyPath } from "../routing/classify-path.js";
import type { PathClassifier } from "../routing/classify-path.js";
import type { TargetSigners } from "../upstream/target-signers.js";
import type { UpstreamClient } from "../upstream/upstream-client.js";
import { forwardCall } from "./forward-call.js";
import type { ForwardDeps, ForwardInput } from "./forward-call.js";
import type { RouteDecision, RoutePlan } from "./plan-route.js";
import { planRoute } from "./plan-route.js";
import { readRawTarget } from "./read-raw-target.js";
import { readRequestTimeout } from "./read-request-timeout.js";
import { respondUpstream } from "./respond-upstream.js";
import type { ClientHeaders } from "../internal/header-reader.js";
import type { GatewayReply } from "./gateway-reply.js";
import type { ClientSignal } from "../internal/client-signal.js";
import { keyName } from "../keys/virtual-key.js";

export interface BedrockCallDeps {
  config: ResolvedConfig;
  authenticator: Authenticator;
  signers: TargetSigners;
  upstream: UpstreamClient;
  prices: PriceCatalog;
  router: Router;
  keyLimiter: KeyLimiter;
  /** what forwardCall needs, gathered once (else gathered per call) */
  forwardDeps?: ForwardDeps;
  /** the path classifier (default: the uncached `classifyPath`) */
  classify?: PathClassifier;
}

/** One Bedrock call as any server hands it over (a web Request, or Node's request and response). */
export interface BedrockCallRequest {
  method: string;
  /** the raw request target (`/bedrock/model/...?...`) or a whole URL */
  url: string;
  headers: ClientHeaders;
  /** fires when the client goes away */
  signal: ClientSignal;
  /** the whole body, refused with a 413 as soon as it passes the limit */
  readBody(limitBytes: number): Promise<Uint8Array | null>;
  /**
   * once `readBody` has resolved: the body's SHA-256 (hex) if the reader computed it as the bytes arrived, so SigV4
   * need not hash them again; undefined leaves it to the signer
   */
  bodySha256?(): string | undefined;
}

const MOUNT = "/bedrock";
const allowAnyGroup = (): boolean => true;

/**
 * One call's way through the gateway: classify the path, authenticate, read the body, check the key's allowlist
 * and limits, route (balancing, retries, fallbacks) and forward, then relay and account the response. Errors are
 * thrown as GatewayErrors for the one boundary above.
 */
export async function handleBedrockCall(request: BedrockCallRequest, call: Call, deps: BedrockCallDeps): Promise<GatewayReply> {
  const { config } = deps;
  const { path, query } = readRawTarget(request.url);
  if (path !== MOUNT && !path.startsWith(`${MOUNT}/`)) {
    throw new GatewayError("not-found", `No Bedrock route at ${path}; Bedrock calls go under ${MOUNT}/.`);
  }
  const principal = await deps.authenticator.authenticate(request.headers);
  call.principal = principal;
  const classified = (deps.classify ?? classifyPath)(request.method, path.slice(MOUNT.length) || "/");
  if (classified.kind === "rejected") {
    throw new GatewayError(classified.status === 404 ? "not-found" : "bad-request", classified.reason);
  }
  call.routeKind = classified.kind === "operation" ? classified.spec.service : "bedrock-runtime";
  call.operation = classified.kind === "operation" ? classified.spec.operation : "Unknown";
  if (classified.kind === "operation" && classified.spec.unsupportedReason) {
    throw new GatewayError("bad-request", classified.spec.unsupportedReason);
  }
  const body = await request.readBody(config.general.maxRequestBodyBytes);
  const bodySha256 = body === null ? undefined : request.bodySha256?.();
  const decision = planRoute(classified, config);
  if (principal.kind === "virtual") {
    assertKeyMayCall(principal.key, classified, decision.kind === "fixed" ? decision.rawModel : undefined, body);
    await admitKeyCall(principal, decision, body, call, deps);
  }
  const timeoutMs = readRequestTimeout(request.headers);
  const forwardDeps = deps.forwardDeps ?? { signers: deps.signers, upstream: deps.upstream, timeouts: config.general.timeouts };
  const send = (plan: RoutePlan) => {
    // counted here, so a call the router gives up on still records its attempts and last deployment
    call.attempts++;
    call.plan = plan;
    call.markUpstreamStart();
    const input: ForwardInput = { plan, method: request.method, rawQuery: query, clientHeaders: request.headers, body, signal: request.signal };
    if (timeoutMs) input.timeoutMs = timeoutMs;
    if (bodySha256 !== undefined) input.bodySha256 = bodySha256;
    return forwardCall(input, forwardDeps);
  };
  let response;
  if (decision.kind === "fixed") {
    response = await send(decision.plan);
  } else {
    const groupCall: GroupCall = {
      classified: decision.classified,
      group: decision.group,
      send,
      isGroupAllowed: principal.kind === "virtual" ? (group, deployments) => isGroupAllowed(principal.key, group, deployments) : allowAnyGroup,
      slotId: call.requestId,
      body,
      signal: request.signal,
    };
    if (principal.keyHash) groupCall.keyHash = principal.keyHash;
    if (principal.kind === "virtual") groupCall.keyName = keyName(principal.key);
    if (call.context.sessionId) groupCall.sessionId = call.context.sessionId;
    const routed = await deps.router.sendToGroup(groupCall);
    call.plan = routed.plan;
    call.onFinish((record) => routed.settle(record.totalTokens));
    response = routed.response;
  }
  call.markUpstreamHeaders();
  const plan = call.plan!;
  return await respondUpstream(response, {
    call,
    prices: deps.prices,
    signal: request.signal,
    idleTimeoutMs: plan.deployment?.streamTimeoutMs ?? config.general.timeouts.idleMs,
  });
}

async function admitKeyCall(
  principal: Extract<Principal, { kind: "virtual" }>,
  decision: RouteDecision,
  body: Uint8Array | null,
  call: Call,
  deps: BedrockCallDeps,
): Promise<void> {
  const { key } = principal;
  const limited = key.maxBudget !== undefined || key.rpmLimit !== undefined || key.tpmLimit !== undefined || key.maxParallelRequests !== undefined;
  if (!limited) return;
  const first = decision.kind === "group" ? decision.deployments[0] : undefined;
  const modelId = decision.kind === "group" ? first?.modelId : decision.plan.modelId;
  const estimate =
    key.maxBudget === undefined
      ? 0
      : estimateCallCost({
          body,
          prices: deps.prices,
          ...(modelId ? { modelId } : {}),
          ...(first?.baseModel ? { baseModel: first.baseModel } : {}),
          ...(first ? { override: first.prices } : {}),
        });
  const admission = await deps.keyLimiter.admit(principal.keyHash, key, call.requestId, estimate);
  call.onFinish((record) => admission.settle({ cost: record.cost, tokens: record.totalTokens }));
}
