import { GatewayError } from "../errors/gateway-error.js";
import { toErrorResponse } from "../errors/error-response.js";
import { isKeyConflictError } from "./key-conflict-error.js";
import {
  handleDelete,
  handleGenerate,
  handleInfo,
  handleList,
  handleRegenerate,
  handleSetBlocked,
  handleUpdate,
} from "./key-route-handlers.js";
import type { KeyRouteContext } from "./key-route-handlers.js";
import type { KeyStore } from "./virtual-key.js";

export interface KeyRoutesDeps {
  store: KeyStore;
  /** true for the master key, "open" when the gateway runs without one (dev mode: allowed), false otherwise */
  isMasterKey(headers: Headers): boolean | "open";
  /** told after every change to a key (regenerate: old and new hash), to drop cached copies in every instance */
  onKeyChanged(keyHash: string): void | Promise<void>;
  /** epoch milliseconds */
  clock: () => number;
  randomBytes: (bytes: number) => Uint8Array;
  createRequestId: () => string;
}

export type KeyRouteHandler = (request: Request) => Promise<Response>;

/** The LiteLLM-compatible key management routes, each a web handler; the server maps method and path to them. */
export interface KeyRoutes {
  /** `POST /key/generate` */
  generate: KeyRouteHandler;
  /** `GET /key/info?key=` */
  info: KeyRouteHandler;
  /** `GET /key/list` */
  list: KeyRouteHandler;
  /** `POST /key/update` */
  update: KeyRouteHandler;
  /** `POST /key/delete` */
  delete: KeyRouteHandler;
  /** `POST /key/regenerate` (key in the body) and `POST /key/{key}/regenerate` */
  regenerate: KeyRouteHandler;
  /** `POST /key/block` */
  block: KeyRouteHandler;
  /** `POST /key/unblock` */
  unblock: KeyRouteHandler;
}

/**
 * Builds the `/key/*` handlers. Each needs the master key (403 `AccessDeniedException` without it), answers
 * LiteLLM's JSON shapes, and Bedrock-shaped errors: 400 `ValidationException` with the field and the reason for
 * bad input (a taken alias included), 404 `ResourceNotFoundException` for an unknown key. Keys in requests may be
 * the key itself or its SHA-256 hex.
 *
 * @example
 * const routes = createKeyRoutes({ store, isMasterKey, onKeyChanged, clock: Date.now, randomBytes, createRequestId: randomUUID });
 * const response = await routes.generate(new Request("http://gw/key/generate", { method: "POST", body: '{"models":["claude"]}' }));
 */
export function createKeyRoutes(deps: KeyRoutesDeps): KeyRoutes {
  const context: KeyRouteContext = {
    store: deps.store,
    clock: deps.clock,
    randomBytes: deps.randomBytes,
    onKeyChanged: (keyHash) => deps.onKeyChanged(keyHash),
  };
  const route = (handle: (context: KeyRouteContext, request: Request) => Promise<unknown>): KeyRouteHandler => {
    return async (request) => {
      const requestId = deps.createRequestId();
      try {
        if (deps.isMasterKey(request.headers) === false) {
          throw new GatewayError("access-denied", "management routes need the master key: send it as 'Authorization: Bearer <master key>'");
        }
        return Response.json(await handle(context, request), { headers: { "x-bedrock-gw-request-id": requestId } });
      } catch (error) {
        return toErrorResponse(isKeyConflictError(error) ? new GatewayError("bad-request", error.message, { cause: error }) : error, requestId);
      }
    };
  };
  return {
    generate: route(handleGenerate),
    info: route(handleInfo),
    list: route(handleList),
    update: route(handleUpdate),
    delete: route(handleDelete),
    regenerate: route(handleRegenerate),
    block: route((context, request) => handleSetBlocked(context, request, true)),
    unblock: route((context, request) => handleSetBlocked(context, request, false)),
  };
}
