/**
 * The simulator's deterministic token count: one token per four characters, rounded up.
 *
 * @example
 * estimateTokens("Hello, world"); // 3
 */
export function estimateTokens(text: string): number {
  return estimateTokensForLength(text.length);
}

/**
 * The token count of a text of `chars` characters.
 *
 * @example
 * estimateTokensForLength(9); // 3
 */
export function estimateTokensForLength(chars: number): number {
  return Math.ceil(chars / 4);
}
