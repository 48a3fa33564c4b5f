/**
 * What the gateway said about one call, read from its response headers.
 *
 * @example
 * const meta: GatewayMetadata | undefined = getGatewayMetadata(output);
 * if (meta?.cost !== undefined) console.log(`$${meta.cost} (gateway ${meta.gatewayMs} ms, Bedrock ${meta.upstreamMs} ms)`);
 */
export interface GatewayMetadata {
  /** `x-bedrock-gw-request-id`: the id of the call in the gateway's logs and `/spend/logs?request_id=` */
  requestId: string;
  /** `x-bedrock-gw-cost`: USD; absent on streams (priced after the response) and on calls that could not be priced */
  cost?: number;
  /** `server-timing` `gateway;dur=`: time spent in the gateway itself (its overhead), in ms */
  gatewayMs?: number;
  /** `server-timing` `upstream;dur=`: time Bedrock took to answer (to the first byte of a stream), in ms */
  upstreamMs?: number;
}

// Symbol.for, so two copies of this package in one app (e.g. two versions) read each other's records.
const GATEWAY_METADATA: unique symbol = Symbol.for("@bedrock-gw/client.gatewayMetadata") as never;

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Reads the gateway's response headers; `undefined` when the response did not come from a bedrock-gw gateway
 * (no `x-bedrock-gw-request-id`). Header names are matched case-insensitively.
 *
 * @example
 * readGatewayMetadata({ "x-bedrock-gw-request-id": "r1", "server-timing": "gateway;dur=1.5, upstream;dur=40" });
 * // { requestId: "r1", gatewayMs: 1.5, upstreamMs: 40 }
 */
export function readGatewayMetadata(headers: HeaderBag): GatewayMetadata | undefined {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]));
  const requestId = lower.get("x-bedrock-gw-request-id");
  if (requestId === undefined || requestId === "") return undefined;
  const cost = toNumber(lower.get("x-bedrock-gw-cost"));
  const timings = readServerTiming(lower.get("server-timing") ?? "");
  const gatewayMs = timings.get("gateway");
  const upstreamMs = timings.get("upstream");
  return {
    requestId,
    ...(cost !== undefined ? { cost } : {}),
    ...(gatewayMs !== undefined ? { gatewayMs } : {}),
    ...(upstreamMs !== undefined ? { upstreamMs } : {}),
  };
}

/** `gateway;dur=1.2, upstream;desc="x";dur=30` → { gateway: 1.2, upstream: 30 } (RFC Server-Timing syntax). */
function readServerTiming(header: string): Map<string, number> {
  const timings = new Map<string, number>();
  for (const metric of header.split(",")) {
    const [name, ...params] = metric.split(";").map((part) => part.trim());
    if (!name) continue;
    for (const param of params) {
      const match = /^dur\s*=\s*"?([^"]*)"?$/i.exec(param);
      const value = toNumber(match?.[1]);
      if (value !== undefined) timings.set(name.toLowerCase(), value);
    }
  }
  return timings;
}

function toNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Records the metadata on a command output or an error, out of sight of `JSON.stringify` and deep equality. */
export function attachGatewayMetadata(target: object, metadata: GatewayMetadata): void {
  if (Object.isExtensible(target)) {
    Object.defineProperty(target, GATEWAY_METADATA, { value: metadata, enumerable: false, configurable: true, writable: true });
  }
}

/**
 * The gateway's metadata of a call made through a `@bedrock-gw/client` client: pass the command's output, or the
 * error it threw. `undefined` for outputs of other clients or responses that did not come from the gateway.
 *
 * @example
 * const output = await client.send(new ConverseCommand({ modelId: "claude", messages }));
 * const meta = getGatewayMetadata(output);
 * console.log(meta?.requestId, meta?.cost, meta?.gatewayMs);
 */
export function getGatewayMetadata(outputOrError: unknown): GatewayMetadata | undefined {
  if (typeof outputOrError !== "object" || outputOrError === null) return undefined;
  return (outputOrError as { [GATEWAY_METADATA]?: GatewayMetadata })[GATEWAY_METADATA];
}
