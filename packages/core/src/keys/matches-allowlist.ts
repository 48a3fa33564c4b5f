/**
 * True when `value` is allowed by `patterns`: an empty list allows everything (a key's `models` and
 * `agentResources`); otherwise some pattern must equal `value`, or match it as a glob where `*` stands for any run
 * of characters (`:` and `/` included). Everything else in a pattern is literal and case-sensitive, so ARNs and ids
 * match as written.
 *
 * @example
 * matchesAllowlist(["anthropic.*"], "anthropic.claude-3-haiku-20240307-v1:0") // true
 * matchesAllowlist(["arn:aws:bedrock:*:123456789012:inference-profile/*"], "arn:aws:bedrock:us-east-1:123456789012:inference-profile/x") // true
 * matchesAllowlist(["claude"], "Claude") // false
 */
export function matchesAllowlist(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => (pattern.includes("*") ? matchesGlob(pattern, value) : pattern === value));
}

/** Linear-time glob match (no regular expression, so no pattern can make it slow). */
function matchesGlob(pattern: string, value: string): boolean {
  const parts = pattern.split("*");
  const first = parts[0] ?? "";
  const last = parts.at(-1) ?? "";
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, position);
    if (found === -1 || found + part.length > end) return false;
    position = found + part.length;
  }
  return true;
}
