import { createHash } from "node:crypto";

/**
 * A deterministic unit-length embedding of `dimensions` floats derived from the text (same text, same vector).
 *
 * @example
 * createEmbedding("hello", 4).length; // 4
 */
export function createEmbedding(text: string, dimensions: number): number[] {
  let state = createHash("sha256").update(text).digest().readUInt32BE(0);
  const next = (): number => {
    // mulberry32: tiny, seeded, good enough to spread the values
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const raw = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}
