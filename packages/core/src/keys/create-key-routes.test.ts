import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSpendRecord } from "../store/fixtures/spend-records.js";
import { expectedKey, createKeyRoutesHarness, getPath, postJson, T0, DAY, iso, readKeyResponse } from "./fixtures/key-routes-harness.js";
import type { KeyRoutesHarness } from "./fixtures/key-routes-harness.js";
import { hashKey } from "./generate-key.js";

const read = readKeyResponse;

describe("key routes: generate, info, list", () => {
  let h: KeyRoutesHarness;
  beforeEach(async () => {
    h = await createKeyRoutesHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const generate = async (body: unknown) => await read(await h.routes.generate(postJson("/key/generate", body)));

  describe("POST /key/generate", () => {
    it("issues a random sk- key with defaults, shows it once, and stores only its hash", async () => {
      const response = await h.routes.generate(postJson("/key/generate", {}));
      expect(response.headers.get("x-bedrock-gw-request-id")).toBe("req-1");
      const { status, body } = await read(response);
      const key = expectedKey(1);
      expect(status).toBe(200);
      expect(body).toEqual({
        key,
        token: hashKey(key),
        key_name: `sk-...${key.slice(-4)}`,
        key_alias: null,
        spend: 0,
        max_budget: null,
        budget_duration: null,
        budget_reset_at: null,
        models: [],
        agent_resources: [],
        rpm_limit: null,
        tpm_limit: null,
        max_parallel_requests: null,
        expires: null,
        user_id: null,
        team_id: null,
        metadata: {},
        tags: [],
        blocked: false,
        created_at: iso(T0),
        updated_at: iso(T0),
      });
      expect(h.changed).toEqual([hashKey(key)]);
      const stored = await h.store.getKey(hashKey(key));
      expect(stored?.keyPreview).toBe(body.key_name);
      expect(JSON.stringify(stored)).not.toContain(key);
    });

    it("accepts an empty body, and gives each key its own value", async () => {
      const first = await read(await h.routes.generate(new Request("http://gw/key/generate", { method: "POST", headers: { authorization: "Bearer sk-master-key-for-tests" } })));
      const second = await generate({});
      expect(first.status).toBe(200);
      expect([first.body.key, second.body.key]).toEqual([expectedKey(1), expectedKey(2)]);
    });

    it("stores every setting and answers them with LiteLLM's names", async () => {
      const { status, body } = await generate({
        models: ["claude", "anthropic.*"],
        agent_resources: ["AGENT1"],
        max_budget: 10.5,
        budget_duration: "30d",
        rpm_limit: 60,
        tpm_limit: 100_000,
        max_parallel_requests: 2,
        duration: "7d",
        key_alias: "ci",
        user_id: "u1",
        team_id: "t1",
        metadata: { owner: "ci" },
        tags: ["prod"],
        blocked: false,
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        key_alias: "ci",
        models: ["claude", "anthropic.*"],
        agent_resources: ["AGENT1"],
        max_budget: 10.5,
        budget_duration: "30d",
        budget_reset_at: iso(T0 + 30 * DAY),
        rpm_limit: 60,
        tpm_limit: 100_000,
        max_parallel_requests: 2,
        expires: iso(T0 + 7 * DAY),
        user_id: "u1",
        team_id: "t1",
        metadata: { owner: "ci" },
        tags: ["prod"],
      });
      const stored = await h.store.getKeyByAlias("ci");
      expect(stored).toMatchObject({ keyHash: body.token, budgetStartedAt: new Date(T0), expiresAt: new Date(T0 + 7 * DAY), maxBudget: 10.5 });
    });

    it("treats null as not set, and LiteLLM's all-proxy-models as every model", async () => {
      const { body } = await generate({ max_budget: null, key_alias: null, models: ["all-proxy-models", "claude"], budget_duration: null, duration: null });
      expect(body).toMatchObject({ max_budget: null, key_alias: null, models: [], budget_duration: null, expires: null });
      expect(await h.store.getKey(body.token)).not.toHaveProperty("maxBudget");
    });

    it("uses a key the caller brings (e.g. from LiteLLM), once", async () => {
      const custom = "sk-carried-over-from-litellm-123";
      expect((await generate({ key: custom })).body).toMatchObject({ key: custom, token: hashKey(custom) });
      const again = await generate({ key: custom, key_alias: "other" });
      expect([again.status, again.errorType]).toEqual([400, "ValidationException"]);
      expect(again.body.message).toMatch(/a key with this value .* exists already/);
      expect(await h.store.getKeyByAlias("other")).toBeUndefined();
    });

    it("refuses a taken alias with a 400 naming it, and stores nothing", async () => {
      await generate({ key_alias: "shared" });
      const { status, errorType, body } = await generate({ key_alias: "shared", max_budget: 1 });
      expect([status, errorType]).toEqual([400, "ValidationException"]);
      expect(body.message).toBe('key_alias "shared" is already used by another key; choose another alias');
      expect((await h.store.listKeys({})).total).toBe(1);
    });

    it.each([
      [{ foo: 1 }, /foo: unknown field/],
      [{ toString: 1 }, /toString: unknown field/],
      [{ constructor: 1 }, /constructor: unknown field/],
      ['{"__proto__": {"max_budget": 1}}', /__proto__: unknown field/],
      [{ max_budget: -1 }, /max_budget: must be ≥ 0, got -1/],
      [{ max_budget: "10" }, /max_budget: must be a number, got "10"/],
      [{ rpm_limit: 1.5 }, /rpm_limit: must be a whole number, got 1.5/],
      [{ tpm_limit: -5 }, /tpm_limit: must be ≥ 0, got -5/],
      [{ max_parallel_requests: "2" }, /max_parallel_requests: must be a number, got "2"/],
      [{ budget_duration: "30x" }, /budget_duration: "30x" is not a duration: use a whole number and a unit/],
      [{ budget_duration: "0d" }, /budget_duration: "0d" is not a duration: the number must be at least 1/],
      [{ duration: "forever" }, /duration: "forever" is not a duration/],
      [{ duration: 30 }, /duration: must be a string, got 30/],
      [{ models: "claude" }, /models: must be a list, got "claude"/],
      [{ models: ["claude", ""] }, /models\[1\]: must not be empty/],
      [{ metadata: ["a"] }, /metadata: must be an object, got a list/],
      [{ tags: [1] }, /tags\[0\]: must be a string, got 1/],
      [{ key_alias: "" }, /key_alias: must not be empty/],
      [{ blocked: "yes" }, /blocked: must be true or false, got "yes"/],
      [{ key: "sk-short" }, /key: must be "sk-" and 16 to 509 more characters/],
      [{ soft_budget: 5 }, /soft_budget: a LiteLLM setting bedrock-gw does not implement; leave it out rather than rely on it \(max_budget is the one budget a key has\)/],
      [{ model_rpm_limit: { claude: 1 } }, /model_rpm_limit: a LiteLLM setting bedrock-gw does not implement.*rpm_limit applies to the whole key/],
      [{ object_permission: { agents: ["a"] } }, /object_permission: .*use agent_resources/],
      [{ organization_id: "org-1" }, /organization_id: a LiteLLM setting bedrock-gw does not implement/],
      [{ tpm_limit_type: "guaranteed_throughput" }, /tpm_limit_type: a LiteLLM setting/],
    ])("refuses %j with a 400 naming the field and the reason", async (body, message) => {
      const response = await generate(body);
      expect([response.status, response.errorType]).toEqual([400, "ValidationException"]);
      expect(response.body.message).toMatch(/^invalid \/key\/generate request: /);
      expect(response.body.message).toMatch(message);
      expect((await h.store.listKeys({})).total).toBe(0);
      expect(h.changed).toEqual([]);
    });

    it("reports every problem at once", async () => {
      const { body } = await generate({ max_budget: -1, rpm_limit: "x", bogus: true, soft_budget: 1 });
      expect(body.message).toMatch(/bogus: unknown field/);
      expect(body.message).toMatch(/soft_budget: a LiteLLM setting/);
      expect(body.message).toMatch(/max_budget: must be ≥ 0/);
      expect(body.message).toMatch(/rpm_limit: must be a number/);
    });

    it("accepts LiteLLM fields it does not implement when they carry their do-nothing default", async () => {
      const neutral = { soft_budget: null, aliases: {}, config: {}, spend: 0, key_type: "default", guardrails: [], permissions: {}, model_max_budget: {}, auto_rotate: false };
      const { status, body } = await generate({ ...neutral, max_budget: 3 });
      expect(status).toBe(200);
      expect(body.max_budget).toBe(3);
      expect(body).not.toHaveProperty("soft_budget");
    });

    it("refuses a body that is not a JSON object, or too large", async () => {
      for (const [raw, message] of [
        ["{nope", /the body of \/key\/generate is not JSON/],
        ["[1]", /must be a JSON object, not a list/],
        ["null", /must be a JSON object, not nothing/],
        ['"sk-x"', /must be a JSON object, not "sk-x"/],
      ] as const) {
        const response = await generate(raw);
        expect([response.status, response.errorType]).toEqual([400, "ValidationException"]);
        expect(response.body.message).toMatch(message);
      }
      const huge = await generate({ metadata: { blob: "x".repeat(1024 * 1024) } });
      expect([huge.status, huge.errorType]).toEqual([413, "ValidationException"]);
    });
  });

  describe("GET /key/info", () => {
    it("answers by key or hash, with the hash as key and LiteLLM's info fields", async () => {
      const created = (await generate({ max_budget: 5, models: ["claude"], key_alias: "a" })).body;
      for (const reference of [created.key, created.token]) {
        const { status, body } = await read(await h.routes.info(getPath(`/key/info?key=${encodeURIComponent(reference)}`)));
        expect(status).toBe(200);
        expect(body.key).toBe(created.token);
        const { key: _key, token: _token, ...view } = created;
        expect(body.info).toEqual(view);
        expect(JSON.stringify(body)).not.toContain(created.key);
      }
    });

    it("reports spend within the current budget window and when it resets", async () => {
      const { token } = (await generate({ max_budget: 5, budget_duration: "1d" })).body;
      await h.store.insertSpend([
        makeSpendRecord({ requestId: "before", keyHash: token, cost: 9, startTime: new Date(T0 - 1) }),
        makeSpendRecord({ requestId: "w1a", keyHash: token, cost: 0.25, startTime: new Date(T0) }),
        makeSpendRecord({ requestId: "w1b", keyHash: token, cost: 0.5, startTime: new Date(T0 + DAY - 1) }),
        makeSpendRecord({ requestId: "other", keyHash: "x".repeat(64), cost: 100, startTime: new Date(T0 + 10) }),
      ]);
      const info = async () => (await read(await h.routes.info(getPath(`/key/info?key=${token}`)))).body.info;
      h.now = T0 + DAY - 1;
      expect(await info()).toMatchObject({ spend: 0.75, max_budget: 5, budget_reset_at: iso(T0 + DAY) });
      h.now = T0 + DAY;
      expect(await info()).toMatchObject({ spend: 0, budget_reset_at: iso(T0 + 2 * DAY) });
      await h.store.insertSpend([makeSpendRecord({ requestId: "w2", keyHash: token, cost: 2, startTime: new Date(T0 + DAY) })]);
      expect(await info()).toMatchObject({ spend: 2, budget_reset_at: iso(T0 + 2 * DAY) });
    });

    it("reports all-time spend without a budget duration", async () => {
      const { token } = (await generate({ max_budget: 5 })).body;
      await h.store.insertSpend([makeSpendRecord({ requestId: "old", keyHash: token, cost: 1.5, startTime: new Date(T0 - 400 * DAY) })]);
      const { body } = await read(await h.routes.info(getPath(`/key/info?key=${token}`)));
      expect(body.info).toMatchObject({ spend: 1.5, budget_reset_at: null });
    });

    it("answers 404 for an unknown or missing key, without echoing a key", async () => {
      const unknown = await read(await h.routes.info(getPath("/key/info?key=sk-never-issued-secret-value")));
      expect([unknown.status, unknown.errorType]).toEqual([404, "ResourceNotFoundException"]);
      expect(unknown.body.message).toBe("no key matches the key sk-...alue");
      const hash = await read(await h.routes.info(getPath(`/key/info?key=${"a".repeat(64)}`)));
      expect([hash.status, hash.body.message]).toEqual([404, `no key matches the hash ${"a".repeat(64)}`]);
      const missing = await read(await h.routes.info(getPath("/key/info")));
      expect([missing.status, missing.errorType]).toEqual([404, "ResourceNotFoundException"]);
      expect(missing.body.message).toMatch(/\/key\/info\?key=/);
      const extra = await read(await h.routes.info(getPath("/key/info?key=sk-1&verbose=1")));
      expect([extra.status, extra.errorType, extra.body.message]).toEqual([400, "ValidationException", "unknown /key/info parameter verbose; known: key"]);
    });
  });

  describe("GET /key/list", () => {
    const list = async (query = "") => await read(await h.routes.list(getPath(`/key/list${query}`)));
    const seed = async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 5; i++) {
        h.now = T0 + i * 1000;
        tokens.push((await generate({ key_alias: `k${i}`, user_id: i % 2 ? "odd" : "even", ...(i < 2 ? { team_id: "t" } : {}) })).body.token);
      }
      return tokens;
    };

    it("lists hashes newest first with LiteLLM's paging fields", async () => {
      const tokens = await seed();
      expect((await list()).body).toEqual({ keys: [...tokens].reverse(), total_count: 5, current_page: 1, total_pages: 1 });
      expect((await list("?page=2&size=2")).body).toEqual({ keys: [tokens[2], tokens[1]], total_count: 5, current_page: 2, total_pages: 3 });
      expect((await list("?page=9&size=2")).body).toEqual({ keys: [], total_count: 5, current_page: 9, total_pages: 3 });
    });

    it("filters by user, team and alias", async () => {
      const tokens = await seed();
      expect((await list("?user_id=odd")).body).toMatchObject({ keys: [tokens[3], tokens[1]], total_count: 2 });
      expect((await list("?team_id=t&user_id=even")).body).toMatchObject({ keys: [tokens[0]], total_count: 1 });
      expect((await list("?key_alias=k4")).body).toMatchObject({ keys: [tokens[4]], total_count: 1 });
      expect((await list("?user_id=nobody")).body).toEqual({ keys: [], total_count: 0, current_page: 1, total_pages: 0 });
    });

    it("returns whole keys with return_full_object=true", async () => {
      const [first] = await seed();
      await h.store.insertSpend([makeSpendRecord({ requestId: "r", keyHash: first, cost: 0.5, startTime: new Date(T0) })]);
      const { body } = await list("?return_full_object=true&key_alias=k0");
      expect(body.keys).toEqual([expect.objectContaining({ token: first, key_alias: "k0", user_id: "even", team_id: "t", spend: 0.5 })]);
    });

    it.each([
      ["?page=0", /page must be a whole number of at least 1, not "0"/],
      ["?page=x", /page must be a whole number/],
      ["?size=1001", /size must be a whole number from 1 to 1000, not "1001"/],
      ["?size=2.5", /size must be a whole number/],
      ["?return_full_object=yes", /return_full_object must be true or false/],
      ["?sort_by=created_at", /sort_by is a LiteLLM parameter bedrock-gw does not implement/],
      ["?userid=x", /unknown \/key\/list parameter userid; known: page, size, return_full_object, user_id, team_id, key_alias/],
    ])("refuses %s with a 400", async (query, message) => {
      const { status, errorType, body } = await list(query);
      expect([status, errorType]).toEqual([400, "ValidationException"]);
      expect(body.message).toMatch(message);
    });
  });

  describe("the master key", () => {
    const calls: Array<[string, (h: KeyRoutesHarness) => Promise<Response>]> = [
      ["generate", (x) => x.routes.generate(postJson("/key/generate", {}, { auth: false }))],
      ["info", (x) => x.routes.info(getPath("/key/info?key=sk-1", { auth: false }))],
      ["list", (x) => x.routes.list(getPath("/key/list", { auth: false }))],
      ["update", (x) => x.routes.update(postJson("/key/update", { key: "sk-1" }, { auth: false }))],
      ["delete", (x) => x.routes.delete(postJson("/key/delete", { keys: ["sk-1"] }, { auth: false }))],
      ["regenerate", (x) => x.routes.regenerate(postJson("/key/regenerate", { key: "sk-1" }, { auth: false }))],
      ["block", (x) => x.routes.block(postJson("/key/block", { key: "sk-1" }, { auth: false }))],
      ["unblock", (x) => x.routes.unblock(postJson("/key/unblock", { key: "sk-1" }, { auth: false }))],
    ];

    it.each(calls)("is needed for %s: 403 AccessDeniedException otherwise", async (_name, call) => {
      const { status, errorType, body } = await read(await call(h));
      expect([status, errorType]).toEqual([403, "AccessDeniedException"]);
      expect(body.message).toMatch(/^management routes need the master key/);
      expect((await h.store.listKeys({})).total).toBe(0);
    });

    it("is not needed when the gateway runs open (dev mode)", async () => {
      h.withoutMasterKey = "open";
      const { status, body } = await read(await h.routes.generate(postJson("/key/generate", { key_alias: "dev" }, { auth: false })));
      expect(status).toBe(200);
      expect((await read(await h.routes.info(getPath(`/key/info?key=${body.token}`, { auth: false })))).status).toBe(200);
    });
  });
});
