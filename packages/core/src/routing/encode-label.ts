const SDK_EXTRA_RESERVED = /[!'()*]/g;

function encodeSdkExtra(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * Percent-encodes a path label as ONE segment, exactly as the AWS SDK for JavaScript v3 does
 * (smithy `extendedEncodeURIComponent`): `encodeURIComponent`, plus `!'()*`. So `:` → `%3A` and `/` → `%2F`.
 * Throws on an empty value (the SDK refuses empty labels too) and on a lone UTF-16 surrogate.
 *
 * @example
 * encodeLabel("us.anthropic.claude-3-5-sonnet-20240620-v1:0"); // "us.anthropic.claude-3-5-sonnet-20240620-v1%3A0"
 * encodeLabel("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123");
 * // "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123"
 */
export function encodeLabel(value: string): string {
  if (value.length === 0) throw new RangeError("An HTTP path label cannot be empty.");
  return encodeRfc3986(value);
}

/** RFC 3986 encoding as SigV4 and the AWS SDKs use it for labels and query parts: encodeURIComponent plus `!'()*`. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(SDK_EXTRA_RESERVED, encodeSdkExtra);
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/**
 * Returns the offset of the first malformed `%` escape in `text` (a `%` not followed by two hex digits),
 * or -1 when every escape is well formed.
 *
 * @example
 * findMalformedEscape("v1%3A0"); // -1
 * findMalformedEscape("a%zz");   // 1
 */
export function findMalformedEscape(text: string): number {
  for (let i = text.indexOf("%"); i !== -1; i = text.indexOf("%", i + 3)) {
    if (i + 2 >= text.length || !isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2))) return i;
  }
  return -1;
}

/**
 * Percent-decodes one raw path segment (`+` stays `+`; `%2F` becomes `/`). Returns `undefined` when an escape
 * is malformed (`%`, `%zz`) or the escaped bytes are not UTF-8 (`%FF`), so a caller can refuse the path.
 *
 * @example
 * decodeSegment("v1%3A0"); // "v1:0"
 * decodeSegment("%zz");    // undefined
 */
export function decodeSegment(segment: string): string | undefined {
  if (!segment.includes("%")) return segment;
  if (findMalformedEscape(segment) !== -1) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
