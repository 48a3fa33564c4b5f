import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHmacSha256 } from "./hmac-sha256.js";

const reference = (key: Uint8Array, message: string): string => createHmac("sha256", key).update(message, "utf8").digest("hex");

describe("createHmacSha256", () => {
  it("matches node:crypto's HMAC for keys shorter than, equal to and longer than the block, and any message length", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const sign = createHmacSha256(key);
      // lengths around the 256-byte buffer it starts with, so it grows, then shrinks back to short messages
      for (const messageLength of [0, 1, 55, 64, 130, 255, 256, 257, 1000, 3, 120]) {
        const message = randomBytes(messageLength).toString("latin1");
        expect(sign(message), `key ${keyLength} B, message ${messageLength} chars`).toBe(reference(key, message));
      }
    }
  });

  it("hashes the message as UTF-8", () => {
    const key = randomBytes(32);
    const message = "région=eu-west-3 · 東京 · 🚀";
    expect(createHmacSha256(key)(message)).toBe(reference(key, message));
  });

  it("gives RFC 4231's test case 2 digest", () => {
    // key "Jefe", data "what do ya want for nothing?"
    expect(createHmacSha256(Buffer.from("Jefe"))("what do ya want for nothing?")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });
});
