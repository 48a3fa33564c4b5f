/**
 * Splits a request URL into its raw path and query, exactly as they arrived: no dot-segment removal and no
 * percent-decoding (the WHATWG URL parser would resolve `%2e%2e` and hide a traversal from the path checks).
 *
 * @example
 * readRawTarget("http://gw/bedrock/model/a%3A1/converse?x=1") // { path: "/bedrock/model/a%3A1/converse", query: "x=1" }
 */
export function readRawTarget(url: string): { path: string; query: string } {
  let start = 0;
  // an origin-form target ("/path?query", e.g. Node's req.url) has no scheme, even with "://" in its path or query
  const scheme = url.startsWith("/") ? -1 : url.indexOf("://");
  if (scheme !== -1) {
    start = url.indexOf("/", scheme + 3);
    if (start === -1) return { path: "/", query: "" };
  }
  const hash = url.indexOf("#", start);
  const end = hash === -1 ? url.length : hash;
  const question = url.indexOf("?", start);
  if (question === -1 || question > end) return { path: url.slice(start, end), query: "" };
  return { path: url.slice(start, question), query: url.slice(question + 1, end) };
}
