/** A model's list prices in USD per token. */
export interface TokenPrices {
  input: number;
  output: number;
}

/** us.anthropic.claude-sonnet-4 (the e2e config's `claude` group), as the bundled price table has it. */
export const SONNET4_PRICES: TokenPrices = { input: 3e-6, output: 15e-6 };

/**
 * What the gateway reserves against a budget before a call, by its documented rule (estimate-call-cost.ts): the
 * body's bytes / 4 (rounded up) as input tokens plus the body's output cap (`inferenceConfig.maxTokens`) as output
 * tokens, at the model's prices.
 */
export function estimateReservation(body: string, maxTokens: number, prices: TokenPrices): number {
  return Math.ceil(Buffer.byteLength(body) / 4) * prices.input + maxTokens * prices.output;
}

/**
 * The most a key can have spent once every admitted call has settled, for calls admitted while the counter
 * (settled costs + the estimates of calls in flight) was below `maxBudget`:
 *
 *   spent ≤ seed + maxBudget + max(cost) + Σ max(0, cost − estimate)
 *
 * Why: the last call admitted saw a counter below `maxBudget`, and that counter held every earlier admitted call
 * at its settled cost or at its estimate; the final spend replaces each estimate by its cost (the Σ term, the
 * "calls in flight beyond their estimates") and adds the last call's own cost (admission only needs the counter to
 * be *under* the budget, so one call may cross it).
 */
export function computeBudgetBound(maxBudget: number, calls: ReadonlyArray<{ cost: number; estimate: number }>, seed = 0): number {
  const largest = Math.max(0, ...calls.map((call) => call.cost));
  const beyond = calls.reduce((total, call) => total + Math.max(0, call.cost - call.estimate), 0);
  return seed + maxBudget + largest + beyond;
}
