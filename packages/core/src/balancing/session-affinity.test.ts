import { describe, expect, it } from "vitest";
import { createMemoryState } from "../counters/create-memory-state.js";
import { createTestClock } from "./fixtures/test-state.js";
import { computeAffinityKey, createAffinityTable } from "./session-affinity.js";

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const CACHE_POINT = { cachePoint: { type: "default" } };

const converse = (question: string, system = "A long shared system prompt.") => ({
  system: [{ text: system }, CACHE_POINT],
  messages: [{ role: "user", content: [{ text: question }] }],
});

describe("computeAffinityKey", () => {
  it("uses the session id when given, scoped by group and key", () => {
    const key = computeAffinityKey({ group: "claude", sessionId: "chat-42", keyHash: "k1", operation: "Converse", body: bytes(converse("q")) });
    expect(key).toMatch(/^claude:s:[\w-]{43}$/);
    expect(computeAffinityKey({ group: "claude", sessionId: "chat-42", keyHash: "k1", operation: "InvokeModel" })).toBe(key);
    expect(computeAffinityKey({ group: "claude", sessionId: "chat-42", keyHash: "k2", operation: "Converse" })).not.toBe(key);
    expect(computeAffinityKey({ group: "nova", sessionId: "chat-42", keyHash: "k1", operation: "Converse" })).not.toBe(key);
    expect(computeAffinityKey({ group: "claude", sessionId: "chat-43", keyHash: "k1", operation: "Converse" })).not.toBe(key);
  });

  it("otherwise hashes the cached prefix: same prefix → same key, whatever follows the cache point", () => {
    const first = computeAffinityKey({ group: "claude", keyHash: "k1", operation: "ConverseStream", body: bytes(converse("question 1")) });
    const second = computeAffinityKey({ group: "claude", keyHash: "k1", operation: "Converse", body: bytes(converse("question 2")) });
    expect(first).toMatch(/^claude:p:[\w-]{43}$/);
    expect(second).toBe(first);
    expect(computeAffinityKey({ group: "claude", keyHash: "k1", operation: "Converse", body: bytes(converse("q", "Another prompt.")) })).not.toBe(first);
    expect(computeAffinityKey({ group: "claude", keyHash: "k2", operation: "Converse", body: bytes(converse("q")) })).not.toBe(first);
    expect(computeAffinityKey({ group: "claude", keyHash: "k1", operation: "InvokeModel", body: bytes(converse("q")) })).not.toBe(first);
  });

  it("returns undefined for calls without caching, so they balance normally", () => {
    const plain = { messages: [{ role: "user", content: [{ text: "hi" }] }] };
    expect(computeAffinityKey({ group: "claude", keyHash: "k", operation: "Converse", body: bytes(plain) })).toBeUndefined();
    expect(computeAffinityKey({ group: "claude", keyHash: "k", operation: "Converse" })).toBeUndefined();
    expect(computeAffinityKey({ group: "claude", sessionId: "", operation: "Converse" })).toBeUndefined();
    // the word appears, but not as a cache block
    const mention = { messages: [{ role: "user", content: [{ text: "what is a cachePoint?" }] }] };
    expect(computeAffinityKey({ group: "claude", keyHash: "k", operation: "Converse", body: bytes(mention) })).toBeUndefined();
    expect(computeAffinityKey({ group: "claude", keyHash: "k", operation: "Converse", body: bytes('{"cachePoint": broken') })).toBeUndefined();
    expect(computeAffinityKey({ group: "claude", keyHash: "k", operation: "CountTokens", body: bytes(converse("q")) })).toBeUndefined();
  });

  it("does not parse a body without either marker word", () => {
    // invalid JSON: parsing it would throw, and the function must not even try
    expect(computeAffinityKey({ group: "g", operation: "Converse", body: bytes("{not json at all") })).toBeUndefined();
    const original = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: (key: string, value: unknown) => unknown) => {
      parses++;
      return original(text, reviver);
    }) as typeof JSON.parse;
    try {
      computeAffinityKey({ group: "g", operation: "Converse", body: bytes({ messages: [{ role: "user", content: [{ text: "hi" }] }] }) });
      expect(parses).toBe(0);
      computeAffinityKey({ group: "g", operation: "Converse", body: bytes(converse("q")) });
      expect(parses).toBe(1);
    } finally {
      JSON.parse = original;
    }
  });

  it("reads a body that is a view into a larger buffer", () => {
    const whole = bytes(converse("q"));
    const padded = new Uint8Array(whole.length + 20);
    padded.set(whole, 10);
    const view = padded.subarray(10, 10 + whole.length);
    expect(computeAffinityKey({ group: "g", operation: "Converse", body: view })).toBe(computeAffinityKey({ group: "g", operation: "Converse", body: whole }));
  });
});

describe("createAffinityTable", () => {
  it("remembers, refreshes, expires and forgets a deployment per key, shared by every instance", async () => {
    const clock = createTestClock();
    const state = createMemoryState({ clock, sweepIntervalMs: 0 });
    const table = createAffinityTable({ state, ttlMs: 300_000 });
    const peer = createAffinityTable({ state, ttlMs: 300_000 });

    expect(await table.lookup("claude:s:x")).toBeUndefined();
    await table.remember("claude:s:x", "claude-usw2");
    expect(await peer.lookup("claude:s:x")).toBe("claude-usw2");

    clock.advance(299_999);
    await table.remember("claude:s:x", "claude-usw2");
    clock.advance(299_999);
    expect(await table.lookup("claude:s:x")).toBe("claude-usw2");
    clock.advance(1);
    expect(await table.lookup("claude:s:x")).toBeUndefined();

    await table.remember("claude:s:x", "claude-euc1");
    await peer.forget("claude:s:x");
    expect(await table.lookup("claude:s:x")).toBeUndefined();
  });
});
