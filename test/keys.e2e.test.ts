import { createHash } from "node:crypto";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { createRuntimeClient } from "./support/clients.js";
import { useE2eEnvironment } from "./support/fixtures.js";
import { callBedrock, converseBody, expectGatewayError, generateKey, manageKeys } from "./support/keys.js";

const getEnv = useE2eEnvironment();
const url = () => getEnv().gateway.url;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const sdkConverse = (key: string, modelId = "claude") =>
  createRuntimeClient(url(), key, "http2").send(new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "hello from the SDK" }] }] }));

describe("the /key/* management API over HTTP, and its keys used by the stock AWS SDK", () => {
  it("generate → info → list → update → block/unblock → regenerate → delete, each visible to the SDK", async () => {
    const alias = `e2e-lifecycle-${Date.now()}`;
    const created = await generateKey(url(), {
      key_alias: alias,
      models: ["claude", "sonnet45"],
      max_budget: 5,
      budget_duration: "30d",
      rpm_limit: 100,
      tpm_limit: 100_000,
      max_parallel_requests: 4,
      duration: "30d",
      user_id: "user-1",
      team_id: "team-e2e",
      metadata: { owner: "e2e" },
      tags: ["e2e"],
    });
    expect(created.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      token: sha256(created.key),
      key_name: `sk-...${created.key.slice(-4)}`,
      key_alias: alias,
      models: ["claude", "sonnet45"],
      max_budget: 5,
      budget_duration: "30d",
      rpm_limit: 100,
      tpm_limit: 100_000,
      max_parallel_requests: 4,
      user_id: "user-1",
      team_id: "team-e2e",
      metadata: { owner: "e2e" },
      tags: ["e2e"],
      blocked: false,
      spend: 0,
    });
    const thirtyDays = 30 * 86_400_000;
    expect(Math.abs(Date.parse(created.expires!) - Date.now() - thirtyDays)).toBeLessThan(60_000);
    expect(Date.parse(created.budget_reset_at!)).toBe(Date.parse(created.created_at as string) + thirtyDays);

    // the stock SDK, with the key as its Bedrock API key (httpBearerAuth)
    const out = await sdkConverse(created.key);
    expect(out.output?.message?.content?.[0]?.text).toContain("hello from the SDK");

    // info by the key and by its hash; the SDK call's spend shows up (rows are written within 2 s)
    const byHash = await manageKeys(url(), "GET", `/key/info?key=${created.token}`);
    expect(byHash.status).toBe(200);
    expect(byHash.json.key).toBe(created.token);
    await expect
      .poll(async () => (await manageKeys(url(), "GET", `/key/info?key=${encodeURIComponent(created.key)}`)).json.info.spend, { timeout: 3000 })
      .toBeGreaterThan(0);

    // list: hashes, filters, full objects (never the key itself)
    const listed = await manageKeys(url(), "GET", `/key/list?team_id=team-e2e&key_alias=${alias}`);
    expect(listed.json).toMatchObject({ keys: [created.token], total_count: 1, current_page: 1, total_pages: 1 });
    const full = await manageKeys(url(), "GET", "/key/list?team_id=team-e2e&return_full_object=true");
    const mine = full.json.keys.find((k: { token: string }) => k.token === created.token);
    expect(mine).toMatchObject({ key_alias: alias, models: ["claude", "sonnet45"] });
    expect(JSON.stringify(full.json)).not.toContain(created.key);

    // update: the new allowlist applies at once (the key's cached copy is dropped); null clears a setting
    const updated = await manageKeys(url(), "POST", "/key/update", { key: created.key, models: ["sonnet45"], rpm_limit: null });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ key: created.token, models: ["sonnet45"], rpm_limit: null, tpm_limit: 100_000 });
    await expect(sdkConverse(created.key)).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(/may not use model "claude"/),
      $metadata: { httpStatusCode: 403 },
    });
    expect((await sdkConverse(created.key, "sonnet45")).output).toBeDefined();

    // block / unblock
    const blocked = await manageKeys(url(), "POST", "/key/block", { key: created.key });
    expect(blocked.json).toMatchObject({ key: created.token, blocked: true });
    await expect(sdkConverse(created.key, "sonnet45")).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: expect.stringMatching(new RegExp(`Key "${alias}" is blocked`)),
    });
    expect((await manageKeys(url(), "POST", "/key/unblock", { key: created.token })).json.blocked).toBe(false);
    expect((await sdkConverse(created.key, "sonnet45")).output).toBeDefined();

    // regenerate: a new value for the same key (settings and spend kept), the old value stops working
    const spendBefore = (await manageKeys(url(), "GET", `/key/info?key=${created.token}`)).json.info.spend as number;
    const regenerated = await manageKeys(url(), "POST", "/key/regenerate", { key: created.key, tpm_limit: 50_000 });
    expect(regenerated.status).toBe(200);
    const second = regenerated.json as { key: string; token: string };
    expect(second.key).not.toBe(created.key);
    expect(regenerated.json).toMatchObject({ token: sha256(second.key), key_alias: alias, models: ["sonnet45"], tpm_limit: 50_000 });
    expect(regenerated.json.spend).toBeGreaterThanOrEqual(spendBefore);
    await expect(sdkConverse(created.key, "sonnet45")).rejects.toMatchObject({ name: "UnrecognizedClientException", $metadata: { httpStatusCode: 403 } });
    expect((await sdkConverse(second.key, "sonnet45")).output).toBeDefined();

    // the path form /key/{key}/regenerate, with a caller-chosen new key
    const chosen = `sk-e2e-chosen-${Date.now()}-abcdefgh`;
    const third = await manageKeys(url(), "POST", `/key/${encodeURIComponent(second.key)}/regenerate`, { new_key: chosen });
    expect(third.json).toMatchObject({ key: chosen, token: sha256(chosen) });
    await expect(sdkConverse(second.key, "sonnet45")).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    expect((await sdkConverse(chosen, "sonnet45")).output).toBeDefined();

    // delete (by alias here): the key is gone everywhere
    const deleted = await manageKeys(url(), "POST", "/key/delete", { key_aliases: [alias] });
    expect(deleted.json).toEqual({ deleted_keys: [sha256(chosen)] });
    await expect(sdkConverse(chosen, "sonnet45")).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    expectGatewayError(await manageKeys(url(), "GET", `/key/info?key=${encodeURIComponent(chosen)}`), 404, "ResourceNotFoundException");
  });

  it("delete by keys: several at once; one unknown key and nothing is deleted", async () => {
    const [a, b] = [await generateKey(url()), await generateKey(url())];
    const refused = await manageKeys(url(), "POST", "/key/delete", { keys: [a.key, "sk-not-a-key-of-this-gateway"] });
    expectGatewayError(refused, 404, "ResourceNotFoundException", /nothing was deleted/);
    expect((await callBedrock(url(), a.key, "/model/claude/converse", converseBody("still here"))).status).toBe(200);
    const deleted = await manageKeys(url(), "POST", "/key/delete", { keys: [a.key, b.token] });
    expect(new Set(deleted.json.deleted_keys)).toEqual(new Set([a.token, b.token]));
    expectGatewayError(await callBedrock(url(), a.key, "/model/claude/converse", converseBody("gone")), 403, "UnrecognizedClientException");
    expectGatewayError(await callBedrock(url(), b.key, "/model/claude/converse", converseBody("gone")), 403, "UnrecognizedClientException");
  });
});

describe("who may manage keys", () => {
  const ROUTES: Array<["GET" | "POST", string, (key: string) => unknown]> = [
    ["POST", "/key/generate", () => ({})],
    ["GET", "/key/info?key=KEY", () => undefined],
    ["GET", "/key/list", () => undefined],
    ["POST", "/key/update", (key) => ({ key, rpm_limit: 1 })],
    ["POST", "/key/delete", (key) => ({ keys: [key] })],
    ["POST", "/key/regenerate", (key) => ({ key })],
    ["POST", "/key/block", (key) => ({ key })],
    ["POST", "/key/unblock", (key) => ({ key })],
  ];

  it("a virtual key (even on itself) or no key is refused on every route: 403 AccessDeniedException; the key is untouched", async () => {
    const victim = await generateKey(url(), { key_alias: `e2e-victim-${Date.now()}` });
    for (const auth of [victim.key, null]) {
      for (const [method, path, body] of ROUTES) {
        const answer = await manageKeys(url(), method, path.replace("KEY", encodeURIComponent(victim.key)), body(victim.key), auth);
        expectGatewayError(answer, 403, "AccessDeniedException", /management routes need the master key/);
      }
    }
    const info = await manageKeys(url(), "GET", `/key/info?key=${victim.token}`);
    expect(info.json.info).toMatchObject({ blocked: false, rpm_limit: null });
    expect((await callBedrock(url(), victim.key, "/model/claude/converse", converseBody("untouched"))).status).toBe(200);
  });
});

describe("bad input to /key/*: 400 ValidationException with the reason", () => {
  const BAD_BODIES: Array<[string, Record<string, unknown>, RegExp]> = [
    ["an unknown field", { max_budgt: 1 }, /max_budgt: unknown field/],
    ["a negative budget", { max_budget: -1 }, /max_budget: must be ≥ 0, got -1/],
    ["a budget that is no number", { max_budget: "10" }, /max_budget: must be a number/],
    ["a negative rpm_limit", { rpm_limit: -5 }, /rpm_limit: must be ≥ 0/],
    ["a fractional tpm_limit", { tpm_limit: 1.5 }, /tpm_limit: must be a whole number/],
    ["a malformed budget_duration", { budget_duration: "30x" }, /budget_duration: "30x" is not a duration/],
    ["a zero duration", { duration: "0s" }, /duration: "0s" is not a duration: the number must be at least 1/],
    ["a fractional duration", { duration: "1.5h" }, /duration: "1\.5h" is not a duration/],
    ["a duration over 100 years", { budget_duration: "1201mo" }, /longer than 100 years/],
    ["a LiteLLM limit bedrock-gw does not enforce", { model_rpm_limit: { claude: 5 } }, /model_rpm_limit: a LiteLLM setting bedrock-gw does not implement/],
    ["models that are no list", { models: "claude" }, /models: must be a list/],
    ["a custom key that is too short", { key: "sk-short" }, /key: must be "sk-" and 16 to 509 more characters/],
  ];

  it.each(BAD_BODIES)("generate with %s", async (_name, body, reason) => {
    const answer = await manageKeys(url(), "POST", "/key/generate", body);
    expectGatewayError(answer, 400, "ValidationException", reason);
  });

  it("every problem of one body is reported at once, and nothing is created", async () => {
    const alias = `e2e-bad-${Date.now()}`;
    const answer = await manageKeys(url(), "POST", "/key/generate", { key_alias: alias, max_budget: -1, budget_duration: "soon", colour: "red" });
    expectGatewayError(answer, 400, "ValidationException", /colour: unknown field.*max_budget: must be ≥ 0.*budget_duration: "soon" is not a duration/);
    expect((await manageKeys(url(), "GET", `/key/list?key_alias=${alias}`)).json.total_count).toBe(0);
  });

  it("a duplicate alias, on generate and on update", async () => {
    const alias = `e2e-dup-${Date.now()}`;
    await generateKey(url(), { key_alias: alias });
    expectGatewayError(await manageKeys(url(), "POST", "/key/generate", { key_alias: alias }), 400, "ValidationException", new RegExp(alias));
    const other = await generateKey(url());
    const update = await manageKeys(url(), "POST", "/key/update", { key: other.key, key_alias: alias });
    expectGatewayError(update, 400, "ValidationException", new RegExp(alias));
    expect((await manageKeys(url(), "GET", `/key/info?key=${other.token}`)).json.info.key_alias).toBeNull();
  });

  it("bodies that are no JSON object, unknown query parameters, unknown keys", async () => {
    expectGatewayError(await manageKeys(url(), "POST", "/key/generate", "{not json"), 400, "ValidationException", /is not JSON/);
    expectGatewayError(await manageKeys(url(), "POST", "/key/generate", "[1]"), 400, "ValidationException", /must be a JSON object/);
    expectGatewayError(await manageKeys(url(), "GET", "/key/list?colour=red"), 400, "ValidationException", /unknown \/key\/list parameter colour/);
    expectGatewayError(await manageKeys(url(), "GET", "/key/list?size=0"), 400, "ValidationException", /size must be a whole number from 1 to 1000/);
    expectGatewayError(await manageKeys(url(), "POST", "/key/update", { key: "sk-nobody-has-this-key", rpm_limit: 1 }), 404, "ResourceNotFoundException");
    expectGatewayError(await manageKeys(url(), "POST", "/key/update", { rpm_limit: 1 }), 400, "ValidationException", /key: required/);
    expectGatewayError(await manageKeys(url(), "POST", "/key/delete", {}), 400, "ValidationException", /name the keys to delete/);
  });
});

