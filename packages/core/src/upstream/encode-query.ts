import { encodeRfc3986 } from "../routing/encode-label.js";

/**
 * Parses a raw query string into decoded parameters (what SigV4 canonicalizes) and re-encodes it the way the
 * signer does, so the bytes sent upstream and the signed canonical query always agree.
 *
 * @example
 * normalizeQuery("maxResults=10&statusEquals=InProgress") // { params: {...}, encoded: "maxResults=10&statusEquals=InProgress" }
 */
export function normalizeQuery(raw: string): { params: Record<string, string | string[]>; encoded: string } {
  const params: Record<string, string | string[]> = {};
  if (raw === "") return { params, encoded: "" };
  const parts: string[] = [];
  for (const [key, value] of new URLSearchParams(raw)) {
    const existing = params[key];
    if (existing === undefined) params[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else params[key] = [existing, value];
    parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(value)}`);
  }
  return { params, encoded: parts.join("&") };
}
