import { resolve } from "node:path";

/** What a SQLite URL names: a file (an absolute path), or an in-memory database (the name libsql opens). */
export type SqliteTarget = { kind: "file"; path: string } | { kind: "memory"; filename: string };

/**
 * `scheme:[//authority]path[?query][#fragment]`, not WHATWG `URL`, which reads `file:relative.db` as `/relative.db`.
 */
const URL_PATTERN = /^(?<scheme>[A-Za-z][A-Za-z.+-]*):(?:\/\/(?<authority>[^/?#]*))?(?<path>[^?#]*)(?:\?(?<query>[^#]*))?(?:#(?<fragment>.*))?$/s;

/**
 * Query parameters a SQLite URL may carry, by value (undefined: any). An in-memory database takes `mode=memory` and
 * `cache`; a file takes the two that @libsql/client also accepted on a file URL and ignored (they configure a
 * remote connection), so URLs that worked with it keep working. Anything else is an error, not silently dropped.
 */
const MEMORY_PARAMETERS: Record<string, readonly string[] | undefined> = { mode: ["memory"], cache: ["shared", "private"] };
const FILE_PARAMETERS: Record<string, readonly string[] | undefined> = { mode: ["memory"], tls: ["0", "1"], authToken: undefined };

/**
 * Reads a SQLite URL: `:memory:`, or a `file:` URL — `file:/abs/path.db`, `file:///abs/path.db`,
 * `file://localhost/abs/path.db`, `file:relative.db` (resolved against `cwd`, once, here), `file::memory:`, or any
 * of these with `?mode=memory` (an in-memory database; with `cache=shared` one per name, shared in the process).
 * The path is percent-decoded. Throws, naming the URL, on anything it cannot honour.
 *
 * @example
 * readSqliteUrl("file:///data/bedrock-gw.db") // { kind: "file", path: "/data/bedrock-gw.db" }
 * readSqliteUrl("file:gw.db", "/srv") // { kind: "file", path: "/srv/gw.db" }
 * readSqliteUrl(":memory:") // { kind: "memory", filename: ":memory:" }
 */
export function readSqliteUrl(url: string, cwd: string = process.cwd()): SqliteTarget {
  if (url === ":memory:") return { kind: "memory", filename: ":memory:" };
  const groups = URL_PATTERN.exec(url)?.groups;
  if (groups?.scheme?.toLowerCase() !== "file") throw invalidUrl(url, 'use a file: URL (file:/path/to/file.db) or ":memory:"');
  const { authority, query, fragment } = groups;
  const rawPath = groups.path ?? "";
  if (fragment !== undefined) throw invalidUrl(url, "a fragment (#…) means nothing here");
  if (authority !== undefined) checkAuthority(url, authority);
  const path = percentDecode(url, rawPath);
  if (path.includes("\0")) throw invalidUrl(url, "the path contains a NUL character");
  const parameters = readQuery(url, query);
  const memory = (authority === undefined && path === ":memory:") || parameters.get("mode") === "memory";
  const allowed = memory ? MEMORY_PARAMETERS : FILE_PARAMETERS;
  for (const [key, value] of parameters) {
    if (!Object.hasOwn(allowed, key)) {
      const supported = memory ? "mode=memory and cache=shared|private" : "mode=memory (an in-memory database)";
      throw invalidUrl(url, `query parameter ${JSON.stringify(key)} is not supported${memory ? " for an in-memory database" : ""}; only ${supported} is`);
    }
    const values = allowed[key];
    if (values !== undefined && !values.includes(value)) {
      throw invalidUrl(url, `${key}=${JSON.stringify(value)} is not supported; use ${values.map((v) => `${key}=${v}`).join(" or ")}`);
    }
  }
  if (memory) {
    // A private in-memory database is one per connection whatever its name; a shared cache is one per name, which
    // libsql (SQLite, opened with URI filenames) finds by the URI.
    return parameters.get("cache") === "shared"
      ? { kind: "memory", filename: `file:${rawPath}?mode=memory&cache=shared` }
      : { kind: "memory", filename: ":memory:" };
  }
  if (path === "") throw invalidUrl(url, "it names no file");
  // `file:///C:/data/gw.db` on Windows
  const local = process.platform === "win32" && /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
  return { kind: "file", path: resolve(cwd, local) };
}

function checkAuthority(url: string, authority: string): void {
  // only the local host: `file:///path` or `file://localhost/path`
  if (authority.includes("@")) throw invalidUrl(url, "a file: URL cannot carry a user name or password");
  if (authority !== "" && authority.toLowerCase() !== "localhost") {
    throw invalidUrl(
      url,
      `a file: URL names a file on this host, not on ${JSON.stringify(authority)}; ` +
        'an absolute path starts with one slash ("file:/abs/path.db") or three ("file:///abs/path.db")',
    );
  }
}

function readQuery(url: string, query: string | undefined): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of (query ?? "").split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [key, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    parameters.set(percentDecode(url, key.replaceAll("+", " ")), percentDecode(url, value.replaceAll("+", " ")));
  }
  return parameters;
}

function percentDecode(url: string, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUrl(url, "it has an invalid percent-encoding");
  }
}

/** The error for `url`, shown without the secrets it might carry (a token, a password). */
function invalidUrl(url: string, reason: string): Error {
  const shown = url.replace(/^([^:]*:\/\/)[^/?#]*@/, "$1****@").replace(/([?&]authToken=)[^&#]*/gi, "$1****");
  return new Error(`SQLite URL ${JSON.stringify(shown)} is not supported: ${reason}`);
}
