import { decodeSegment, findMalformedEscape } from "./encode-label.js";

/** The segments of a path that passed every syntax check, raw and percent-decoded (same length). */
export interface PathSegments {
  ok: true;
  /** the raw segments after the leading `/`; a trailing slash gives a last segment `""` */
  raw: readonly string[];
  /** each raw segment percent-decoded */
  decoded: readonly string[];
}

export interface PathSyntaxError {
  ok: false;
  /** what is wrong, for a 400 response; never echoes a character that failed the check */
  reason: string;
}

// Anything outside RFC 3986 pchar (unreserved / sub-delims / ":" / "@"), "%" and "/". A single character class,
// so the scan is linear with no backtracking.
const NOT_PATH_CHAR = /[^A-Za-z0-9\-._~!$&'()*+,;=:@%/]/;
const DOT_PIECE = /(?:^|\/)\.{1,2}(?:\/|$)/;

function describeCodePoint(text: string, index: number): string {
  const codePoint = text.codePointAt(index) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  if (codePoint === 0x5c) return `a backslash (${hex})`;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return `a control character (${hex})`;
  if (codePoint >= 0x20 && codePoint < 0x7f) return `the character '${String.fromCodePoint(codePoint)}' (${hex})`;
  return `the character ${hex}`;
}

/** Offset of the first C0/C1 control, DEL, or backslash (which some servers treat as "/"), or -1. */
function findUnsafeChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x5c) return i;
  }
  return -1;
}

function fail(detail: string): PathSyntaxError {
  return { ok: false, reason: `Invalid path: ${detail}.` };
}

function isDotSegment(text: string): boolean {
  return text === "." || text === "..";
}

/** Checks one raw segment and decodes it; `isLast` allows the empty segment a trailing slash leaves. */
function readSegment(segment: string, isLast: boolean): string | PathSyntaxError {
  if (segment === "") return isLast ? segment : fail("empty path segments (\"//\") are not allowed");
  if (isDotSegment(segment)) return fail(`"${segment}" segments are not allowed`);
  const decoded = decodeSegment(segment);
  if (decoded === undefined) return fail(`the percent-escapes in segment "${segment}" are not valid UTF-8`);
  if (decoded === segment) return decoded;
  if (isDotSegment(decoded)) return fail(`segment "${segment}" decodes to "${decoded}", and dot segments are not allowed`);
  const unsafe = findUnsafeChar(decoded);
  if (unsafe !== -1) return fail(`segment "${segment}" decodes to ${describeCodePoint(decoded, unsafe)}, which is not allowed`);
  if (decoded.includes("/") && DOT_PIECE.test(decoded)) {
    return fail(`segment "${segment}" decodes to a path with a "." or ".." piece, which is not allowed`);
  }
  return decoded;
}

/**
 * Splits a raw request path (leading `/`, no query string) into segments and percent-decodes each one, refusing
 * what is unsafe to route or forward: characters outside RFC 3986 pchar, malformed `%` escapes, escapes that are not
 * UTF-8, empty interior segments (`//`), `.`/`..` segments raw or encoded (`%2e%2E`), and segments that decode to a
 * control character, a backslash, or a `/`-separated `.`/`..` piece (`a%2F..%2Fb`).
 *
 * @example
 * readPathSegments("/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse");
 * // { ok: true, raw: ["model", "us.anthropic.claude-3-haiku-20240307-v1%3A0", "converse"],
 * //   decoded: ["model", "us.anthropic.claude-3-haiku-20240307-v1:0", "converse"] }
 * readPathSegments("/model/%2e%2e/converse"); // { ok: false, reason: "Invalid path: segment \"%2e%2e\" decodes to ..." }
 */
export function readPathSegments(path: string): PathSegments | PathSyntaxError {
  if (!path.startsWith("/")) return fail('the path must start with "/"');
  const badChar = NOT_PATH_CHAR.exec(path);
  if (badChar) {
    return fail(`${describeCodePoint(path, badChar.index)} at offset ${badChar.index} is not allowed; percent-encode it`);
  }
  const badEscape = findMalformedEscape(path);
  if (badEscape !== -1) {
    return fail(`malformed percent-escape "${path.slice(badEscape, badEscape + 3)}" at offset ${badEscape}`);
  }
  const raw = path.slice(1).split("/");
  const decoded: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const result = readSegment(raw[i] ?? "", i === raw.length - 1);
    if (typeof result !== "string") return result;
    decoded.push(result);
  }
  return { ok: true, raw, decoded };
}
