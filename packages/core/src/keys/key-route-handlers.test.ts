import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSpendRecord } from "../store/fixtures/spend-records.js";
import { createKeyRoutesHarness, expectedKey, getPath, postJson, T0, DAY, iso, readKeyResponse } from "./fixtures/key-routes-harness.js";
import type { KeyRoutesHarness } from "./fixtures/key-routes-harness.js";
import { hashKey } from "./generate-key.js";

const read = readKeyResponse;

describe("key routes: update, delete, regenerate, block", () => {
  let h: KeyRoutesHarness;
  beforeEach(async () => {
    h = await createKeyRoutesHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const generate = async (body: unknown = {}) => (await read(await h.routes.generate(postJson("/key/generate", body)))).body;
  const call = async (route: "update" | "delete" | "regenerate" | "block" | "unblock", body: unknown, path?: string) =>
    await read(await h.routes[route](postJson(`/key/${route}`, body, path ? { path } : {})));
  const info = async (key: string) => await read(await h.routes.info(getPath(`/key/info?key=${encodeURIComponent(key)}`)));

  describe("POST /key/update", () => {
    it("changes the fields given, clears those set to null, keeps the rest, and reports the change", async () => {
      const created = await generate({ key_alias: "a", max_budget: 5, models: ["claude"], tags: ["x"], user_id: "u1", rpm_limit: 10 });
      h.changed.length = 0;
      h.now = T0 + 1000;
      const { status, body } = await call("update", { key: created.key, max_budget: 7.5, key_alias: null, models: null, tags: ["y"] });
      expect(status).toBe(200);
      expect(body).toMatchObject({ key: created.token, key_name: created.key_name, max_budget: 7.5, key_alias: null, models: [], tags: ["y"], user_id: "u1", rpm_limit: 10 });
      expect(body.updated_at).toBe(iso(T0 + 1000));
      expect(body.created_at).toBe(iso(T0));
      expect(h.changed).toEqual([created.token]);
      expect(await h.store.getKey(created.token)).toMatchObject({ maxBudget: 7.5, models: [], tags: ["y"], userId: "u1" });
      expect(await h.store.getKeyByAlias("a")).toBeUndefined();
    });

    it("accepts the key's hash, and starts a new budget window when budget_duration changes", async () => {
      const created = await generate({ max_budget: 5, budget_duration: "30d" });
      h.now = T0 + 10 * DAY;
      const moved = await call("update", { key: created.token, budget_duration: "1d" });
      expect(moved.body).toMatchObject({ budget_duration: "1d", budget_reset_at: iso(T0 + 11 * DAY) });
      expect((await h.store.getKey(created.token))?.budgetStartedAt).toEqual(new Date(T0 + 10 * DAY));
      h.now = T0 + 10 * DAY + 500;
      await call("update", { key: created.token, max_budget: 6 });
      expect((await h.store.getKey(created.token))?.budgetStartedAt).toEqual(new Date(T0 + 10 * DAY));
      const cleared = await call("update", { key: created.token, budget_duration: null });
      expect(cleared.body).toMatchObject({ budget_duration: null, budget_reset_at: null, max_budget: 6 });
      expect(await h.store.getKey(created.token)).not.toHaveProperty("budgetStartedAt");
    });

    it("sets the expiry from now with duration, and removes it with null", async () => {
      const created = await generate({ duration: "1h" });
      h.now = T0 + DAY;
      expect((await call("update", { key: created.key, duration: "30m" })).body.expires).toBe(iso(T0 + DAY + 1_800_000));
      expect((await call("update", { key: created.key, duration: null })).body.expires).toBeNull();
    });

    it("refuses a taken alias, an unknown key, a missing key and bad fields", async () => {
      const [a, b] = [await generate({ key_alias: "first" }), await generate({ key_alias: "second", max_budget: 1 })];
      h.changed.length = 0;
      const taken = await call("update", { key: b.key, key_alias: "first", max_budget: 2 });
      expect([taken.status, taken.errorType, taken.body.message]).toEqual([400, "ValidationException", 'key_alias "first" is already used by another key; choose another alias']);
      expect(await h.store.getKey(b.token)).toMatchObject({ keyAlias: "second", maxBudget: 1 });
      expect((await call("update", { key: a.key, key_alias: "first" })).status).toBe(200);

      const unknown = await call("update", { key: "sk-unknown-key-value", max_budget: 1 });
      expect([unknown.status, unknown.errorType]).toEqual([404, "ResourceNotFoundException"]);
      const missing = await call("update", { max_budget: 1 });
      expect([missing.status, missing.body.message]).toEqual([400, "invalid /key/update request: key: required"]);
      const bad = await call("update", { key: a.key, rpm_limit: -1, duration: "soon", spend: 3 });
      expect([bad.status, bad.errorType]).toEqual([400, "ValidationException"]);
      expect(bad.body.message).toMatch(/spend: a LiteLLM setting .*spend is computed from the spend logs/);
      expect(bad.body.message).toMatch(/rpm_limit: must be ≥ 0, got -1/);
      expect(bad.body.message).toMatch(/duration: "soon" is not a duration/);
      expect(h.changed).toEqual([a.token]);
    });
  });

  describe("POST /key/block and /key/unblock", () => {
    it("blocks and unblocks by key or hash, reporting each change", async () => {
      const created = await generate();
      h.changed.length = 0;
      const blocked = await call("block", { key: created.key });
      expect([blocked.status, blocked.body.key, blocked.body.blocked]).toEqual([200, created.token, true]);
      expect((await h.store.getKey(created.token))?.blocked).toBe(true);
      const unblocked = await call("unblock", { key: created.token });
      expect(unblocked.body.blocked).toBe(false);
      expect((await h.store.getKey(created.token))?.blocked).toBe(false);
      expect(h.changed).toEqual([created.token, created.token]);
    });

    it("answers 404 for an unknown key and 400 without one or with other fields", async () => {
      expect((await call("block", { key: "sk-no-such-key-here" })).status).toBe(404);
      expect((await call("unblock", {})).body.message).toBe("invalid /key/unblock request: key: required");
      expect((await call("block", { key: "sk-x", max_budget: 1 })).body.message).toMatch(/max_budget: unknown field/);
    });
  });

  describe("POST /key/delete", () => {
    it("deletes by keys, hashes and aliases, answering the hashes deleted", async () => {
      const [a, b, c, d] = [await generate(), await generate(), await generate({ key_alias: "c" }), await generate()];
      h.changed.length = 0;
      const { status, body } = await call("delete", { keys: [a.key, b.token, a.token], key_aliases: ["c"] });
      expect(status).toBe(200);
      expect(body).toEqual({ deleted_keys: [a.token, b.token, c.token] });
      expect(h.changed).toEqual([a.token, b.token, c.token]);
      for (const gone of [a, b, c]) expect((await info(gone.key)).status).toBe(404);
      expect((await info(d.key)).status).toBe(200);
    });

    it("deletes nothing when any key is unknown, naming the unknown ones", async () => {
      const a = await generate();
      h.changed.length = 0;
      const { status, errorType, body } = await call("delete", { keys: [a.key, "sk-missing-key-abcd"], key_aliases: ["nope"] });
      expect([status, errorType]).toEqual([404, "ResourceNotFoundException"]);
      expect(body.message).toBe('nothing was deleted: no key matches the key sk-...abcd, key_alias "nope"');
      expect((await info(a.key)).status).toBe(200);
      expect(h.changed).toEqual([]);
    });

    it("refuses a request naming no key, or of the wrong shape", async () => {
      expect((await call("delete", {})).body.message).toMatch(/name the keys to delete/);
      expect((await call("delete", { keys: [] })).status).toBe(400);
      expect((await call("delete", { keys: "sk-1" })).body.message).toMatch(/keys: must be a list/);
      expect((await call("delete", { key: "sk-1" })).body.message).toMatch(/key: unknown field/);
    });
  });

  describe("POST /key/regenerate", () => {
    it("gives the key a new value with the same settings and spend; the old value stops working", async () => {
      const old = await generate({ key_alias: "svc", max_budget: 5, models: ["claude"] });
      await h.store.insertSpend([makeSpendRecord({ requestId: "r1", keyHash: old.token, cost: 1.25, startTime: new Date(T0) })]);
      h.changed.length = 0;
      h.now = T0 + 1000;
      const { status, body } = await call("regenerate", { key: old.key });
      const fresh = expectedKey(2);
      expect(status).toBe(200);
      expect(body).toMatchObject({ key: fresh, token: hashKey(fresh), key_name: `sk-...${fresh.slice(-4)}`, key_alias: "svc", max_budget: 5, models: ["claude"], spend: 1.25 });
      expect(h.changed).toEqual([old.token, hashKey(fresh)]);
      expect((await info(old.key)).status).toBe(404);
      expect((await info(fresh)).body.info).toMatchObject({ key_alias: "svc", spend: 1.25, created_at: iso(T0), updated_at: iso(T0 + 1000) });
    });

    it("takes the key from LiteLLM's /key/{key}/regenerate path, by key or hash", async () => {
      const old = await generate();
      const byPath = await call("regenerate", {}, `/key/${encodeURIComponent(old.key)}/regenerate`);
      expect([byPath.status, byPath.body.key]).toEqual([200, expectedKey(2)]);
      const again = await call("regenerate", "", `/key/${byPath.body.token}/regenerate`);
      expect([again.status, again.body.key]).toEqual([200, expectedKey(3)]);
      const same = await call("regenerate", { key: again.body.key }, `/key/${again.body.token}/regenerate`);
      expect(same.status).toBe(200);
    });

    it("changes settings given with it, and a refused setting leaves the old key working and unchanged", async () => {
      const other = await generate({ key_alias: "taken" });
      const old = await generate({ key_alias: "mine", max_budget: 1 });
      const changed = await call("regenerate", { key: old.key, max_budget: 9, tags: ["rotated"] });
      expect(changed.body).toMatchObject({ max_budget: 9, tags: ["rotated"], key_alias: "mine" });
      const refused = await call("regenerate", { key: changed.body.key, key_alias: other.key_alias });
      expect([refused.status, refused.errorType]).toEqual([400, "ValidationException"]);
      expect((await info(changed.body.key)).body.info).toMatchObject({ key_alias: "mine", max_budget: 9 });
    });

    it("uses new_key when given", async () => {
      const old = await generate();
      const custom = "sk-my-own-rotated-key-0001";
      const { body } = await call("regenerate", { key: old.key, new_key: custom });
      expect([body.key, body.token]).toEqual([custom, hashKey(custom)]);
      const same = await call("regenerate", { key: custom, new_key: custom });
      expect([same.status, same.body.message]).toEqual([400, "invalid /key/regenerate request: new_key: is the key's current value"]);
      const other = await generate();
      const clash = await call("regenerate", { key: other.key, new_key: custom });
      expect([clash.status, clash.body.message]).toEqual([400, "a key with this value (the same hash) exists already"]);
      expect((await info(other.key)).status).toBe(200);
      expect((await info(custom)).status).toBe(200);
    });

    it("refuses no key, two different keys, and an unknown key", async () => {
      const [a, b] = [await generate(), await generate()];
      expect((await call("regenerate", {})).body.message).toMatch(/name the key as \{"key": \.\.\.\} or in the path/);
      const differ = await call("regenerate", { key: a.key }, `/key/${b.token}/regenerate`);
      expect([differ.status, differ.body.message]).toEqual([400, "invalid /key/regenerate request: the key in the path and the key in the body differ"]);
      const unknown = await call("regenerate", { key: "sk-never-was-a-key" });
      expect([unknown.status, unknown.errorType]).toEqual([404, "ResourceNotFoundException"]);
      expect((await info(a.key)).status).toBe(200);
      expect((await info(b.key)).status).toBe(200);
    });
  });

  it("saves the change but answers 500 when other instances cannot be told", async () => {
    const created = await generate();
    h.failNotifications = true;
    const { status, errorType, body } = await call("block", { key: created.key });
    expect([status, errorType]).toEqual([500, "InternalServerException"]);
    expect(body.message).toMatch(/the key change was saved, but telling the other gateway instances failed/);
    expect((await h.store.getKey(created.token))?.blocked).toBe(true);
  });
});
