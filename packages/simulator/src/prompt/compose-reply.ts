import { sha256Hex } from "../util/hash-text.js";
import { estimateTokens } from "./estimate-tokens.js";
import { stripDirectives } from "../faults/read-directives.js";
import { collapseWhitespace } from "./collapse-whitespace.js";

export type ReplyStopReason = "end_turn" | "max_tokens";

export interface Reply {
  text: string;
  stopReason: ReplyStopReason;
  outputTokens: number;
}

const SNIPPET_LENGTH = 60;

/**
 * The simulator's deterministic answer: it quotes the start of the prompt and a digest of all of it, and is cut at
 * `maxTokens` (then `stopReason` is `max_tokens`). Fault directives are never echoed back.
 *
 * @example
 * composeReply("What is 2+2?").text; // 'This is a simulated answer to "What is 2+2?" (digest 52cb6b5e).'
 */
export function composeReply(prompt: string, maxTokens?: number): Reply {
  const clean = collapseWhitespace(stripDirectives(prompt));
  const snippet = clean.length > SNIPPET_LENGTH ? `${clean.slice(0, SNIPPET_LENGTH)}...` : clean;
  const full = `This is a simulated answer to "${snippet}" (digest ${sha256Hex(clean).slice(0, 8)}).`;
  if (maxTokens !== undefined && estimateTokens(full) > maxTokens) {
    const text = full.slice(0, Math.max(0, maxTokens * 4));
    return { text, stopReason: "max_tokens", outputTokens: estimateTokens(text) };
  }
  return { text: full, stopReason: "end_turn", outputTokens: estimateTokens(full) };
}

/**
 * Cuts text into stream deltas of whole words, about `size` characters each; the pieces concatenate to the text.
 *
 * @example
 * splitIntoDeltas("a b c d", 3); // ["a b ", "c d"]
 */
export function splitIntoDeltas(text: string, size = 16): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const deltas: string[] = [];
  let current = "";
  for (const word of words) {
    current += word;
    if (current.length >= size) {
      deltas.push(current);
      current = "";
    }
  }
  if (current.length > 0 || deltas.length === 0) deltas.push(current);
  return deltas;
}

/**
 * Cuts text into fixed-size pieces (for partial JSON such as tool input); the pieces concatenate to the text.
 *
 * @example
 * splitIntoPieces('{"a":1}', 3); // ['{"a', '":1', '}']
 */
export function splitIntoPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces.length > 0 ? pieces : [""];
}
