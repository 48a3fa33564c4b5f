import type * as Crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// counts the SHA-256 digests the authenticator computes
const digests = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:crypto", async (importOriginal) => {
  const crypto = await importOriginal<typeof Crypto>();
  return {
    ...crypto,
    hash: (...args: Parameters<typeof crypto.hash>) => {
      digests.count++;
      return crypto.hash(...args);
    },
  };
});

const { createAuthenticator } = await import("./authenticate.js");

const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });

describe("createAuthenticator's digest memo", () => {
  it("digests a valid key once, and a stranger's guess (or an overlong key) every time it is presented", async () => {
    const auth = createAuthenticator({ masterKey: "sk-master-1234", keys: { get: async () => undefined, invalidate: () => undefined } });
    digests.count = 0;
    for (let i = 0; i < 3; i++) await auth.authenticate(bearer("sk-master-1234"));
    expect(digests.count).toBe(1);
    digests.count = 0;
    for (let i = 0; i < 3; i++) await expect(auth.authenticate(bearer("sk-guess"))).rejects.toMatchObject({ code: "unknown-key" });
    expect(digests.count).toBe(3);
    const long = createAuthenticator({ masterKey: "k".repeat(300) });
    digests.count = 0;
    for (let i = 0; i < 3; i++) await long.authenticate(bearer("k".repeat(300)));
    expect(digests.count).toBe(3);
  });
});
