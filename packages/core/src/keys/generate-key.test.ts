import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKey, hashKey, previewKey, readKeyHash } from "./generate-key.js";

describe("generateKey", () => {
  it("is sk- and 43 url-safe characters from 32 random bytes", () => {
    const asked: number[] = [];
    const key = generateKey((n) => {
      asked.push(n);
      return new Uint8Array(n).fill(0xfb);
    });
    expect(asked).toEqual([32]);
    expect(key).toBe(`sk-${Buffer.alloc(32, 0xfb).toString("base64url")}`);
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
  });

  it("differs with the randomness, and refuses a source that gives too few bytes", () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateKey(randomBytes)));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(() => generateKey(() => new Uint8Array(16))).toThrow(/16 bytes/);
  });
});

describe("hashKey, previewKey, readKeyHash", () => {
  it("hashes as the spend rows do", () => {
    expect(hashKey("sk-1234")).toBe(createHash("sha256").update("sk-1234").digest("hex"));
    expect(hashKey("sk-1234")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("previews the last 4 characters only", () => {
    expect(previewKey("sk-abcdefghijklmnopWXYZ")).toBe("sk-...WXYZ");
  });

  it("takes a key or its hash", () => {
    const hash = hashKey("sk-1234");
    expect(readKeyHash("sk-1234")).toBe(hash);
    expect(readKeyHash(hash)).toBe(hash);
    expect(readKeyHash(hash.toUpperCase())).toBe(hash);
    expect(readKeyHash("not-a-key")).toBe(hashKey("not-a-key"));
  });
});
