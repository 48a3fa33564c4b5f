import type { NodeRequestListener } from "@bedrock-gw/core";

const DOT_SEGMENT_RE = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const HOST_RE = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
const LOOPBACK_HOST_RE = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export interface RequestTargetGuardOptions {
  /**
   * Accept only loopback Host names (localhost, 127.x.x.x, [::1]). Set when the gateway listens on a loopback
   * address: a browser page on another origin whose name resolves to 127.0.0.1 (DNS rebinding) is then refused.
   */
  loopbackOnly: boolean;
}

/**
 * Refuses what must never reach routing, answering in Bedrock's error shape: absolute-form request targets
 * (`POST http://other/... HTTP/1.1`), `.`/`..` segments raw or percent-encoded (checked on the raw request line,
 * because URL parsers resolve them before any router sees them), backslashes, and malformed or foreign Host values.
 */
export function guardRequestTarget(next: NodeRequestListener, options: RequestTargetGuardOptions): NodeRequestListener {
  return (req, res) => {
    const reason = findProblem(req.url ?? "", (req.headers[":authority"] as string | undefined) ?? req.headers.host, options);
    if (reason === undefined) return next(req, res);
    const body = JSON.stringify({ message: reason });
    res.writeHead(400, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "x-amzn-errortype": "ValidationException",
    });
    res.end(body);
  };
}

function findProblem(target: string, host: string | undefined, options: RequestTargetGuardOptions): string | undefined {
  if (!target.startsWith("/")) return "Only origin-form request targets (a path starting with '/') are accepted.";
  const question = target.indexOf("?");
  const path = question === -1 ? target : target.slice(0, question);
  if (DOT_SEGMENT_RE.test(path)) return "The request path contains a '.' or '..' segment (raw or percent-encoded).";
  if (path.includes("\\")) return "The request path contains a backslash.";
  if (host === undefined) return undefined;
  if (!HOST_RE.test(host)) return "The Host header is malformed.";
  if (options.loopbackOnly && !LOOPBACK_HOST_RE.test(host)) {
    return `This gateway listens on a loopback address and answers only to loopback host names, not "${host}".`;
  }
  return undefined;
}
