import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { VirtualKey } from "../keys/virtual-key.js";
import { createAuthenticator } from "./authenticate.js";
import { createKeyCache } from "./key-cache.js";

const hash = (key: string) => createHash("sha256").update(key).digest("hex");
const NOW = Date.parse("2026-11-21T12:00:00Z");

function virtualKey(overrides: Partial<VirtualKey> = {}): VirtualKey {
  return {
    keyHash: hash("sk-virtual-1"),
    keyPreview: "sk-...al-1",
    keyAlias: "team-a",
    models: [],
    agentResources: [],
    metadata: {},
    tags: [],
    blocked: false,
    createdAt: new Date(NOW - 1000),
    updatedAt: new Date(NOW - 1000),
    ...overrides,
  };
}

function createAuth(records: VirtualKey[] = [], masterKey: string | null = "sk-master-1234") {
  const byHash = new Map(records.map((record) => [record.keyHash, record]));
  const keys = createKeyCache({ store: { getKey: async (h) => byHash.get(h) }, clock: () => NOW });
  return createAuthenticator({ ...(masterKey ? { masterKey } : {}), keys, clock: () => NOW });
}

const bearer = (key: string) => new Headers({ authorization: `Bearer ${key}` });

describe("createAuthenticator", () => {
  it("accepts the master key as Bearer or in a key header", async () => {
    const auth = createAuth();
    await expect(auth.authenticate(bearer("sk-master-1234"))).resolves.toEqual({ kind: "master", keyHash: hash("sk-master-1234") });
    await expect(auth.authenticate(new Headers({ "x-bedrock-gw-api-key": "sk-master-1234" }))).resolves.toMatchObject({ kind: "master" });
    expect(auth.isMasterKey(bearer("sk-master-1234"))).toBe(true);
    expect(auth.isMasterKey(bearer("sk-virtual-1"))).toBe(false);
  });

  it("a missing key is missing-key (403) and says how to send one; a SigV4 Authorization is no key", async () => {
    const auth = createAuth();
    await expect(auth.authenticate(new Headers())).rejects.toMatchObject({ code: "missing-key", message: expect.stringMatching(/Authorization: Bearer/) });
    await expect(auth.authenticate(new Headers({ authorization: "AWS4-HMAC-SHA256 Credential=x" }))).rejects.toMatchObject({ code: "missing-key" });
  });

  it.each(["sk-master-123", "sk-master-12345", "SK-MASTER-1234", "x"])("an unknown key %s is unknown-key", async (wrong) => {
    await expect(createAuth().authenticate(bearer(wrong))).rejects.toMatchObject({ code: "unknown-key" });
  });

  it("gives the same answers for keys presented again, also after more keys than its digest memo holds", async () => {
    const record = virtualKey();
    const auth = createAuth([record]);
    for (let round = 0; round < 2; round++) {
      await expect(auth.authenticate(bearer("sk-master-1234"))).resolves.toEqual({ kind: "master", keyHash: hash("sk-master-1234") });
      await expect(auth.authenticate(bearer("sk-virtual-1"))).resolves.toMatchObject({ kind: "virtual", keyHash: record.keyHash });
      await expect(auth.authenticate(bearer("sk-master-123"))).rejects.toMatchObject({ code: "unknown-key" });
      expect(auth.isMasterKey(bearer("sk-master-1234"))).toBe(true);
      expect(auth.isMasterKey(bearer("sk-master-123"))).toBe(false);
      // 1,500 strangers: the memo starts over at least once
      for (let i = 0; i < 1500; i++) expect(auth.isMasterKey(bearer(`sk-stranger-${i}`))).toBe(false);
    }
  });

  it("a virtual key resolves to its record", async () => {
    const record = virtualKey();
    await expect(createAuth([record]).authenticate(bearer("sk-virtual-1"))).resolves.toEqual({ kind: "virtual", keyHash: record.keyHash, key: record });
  });

  it("blocked and expired virtual keys are access-denied with the reason", async () => {
    await expect(createAuth([virtualKey({ blocked: true })]).authenticate(bearer("sk-virtual-1"))).rejects.toMatchObject({
      code: "access-denied",
      message: 'Key "team-a" is blocked.',
    });
    const expired = virtualKey({ expiresAt: new Date(NOW - 1) });
    await expect(createAuth([expired]).authenticate(bearer("sk-virtual-1"))).rejects.toMatchObject({
      code: "access-denied",
      message: expect.stringMatching(/expired at 2026-11-21T11:59:59.999Z/),
    });
  });

  it("open mode (no master key) serves calls without a key, yet still enforces a known virtual key", async () => {
    const auth = createAuth([virtualKey({ blocked: true })], null);
    expect(auth.open).toBe(true);
    await expect(auth.authenticate(new Headers())).resolves.toEqual({ kind: "open" });
    await expect(auth.authenticate(bearer("anything"))).resolves.toEqual({ kind: "open", keyHash: hash("anything") });
    await expect(auth.authenticate(bearer("sk-virtual-1"))).rejects.toMatchObject({ code: "access-denied" });
    expect(auth.isMasterKey(new Headers())).toBe("open");
  });
});
