import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createKeyAdminClient, KeyAdminError } from "./create-key-admin-client.js";
import { createKeyRoutesHarness, MASTER_KEY } from "./fixtures/key-routes-harness.js";
import type { KeyRoutesHarness } from "./fixtures/key-routes-harness.js";
import { hashKey } from "./generate-key.js";

describe("createKeyAdminClient", () => {
  let h: KeyRoutesHarness;
  let seen: Request[];
  /** a fetch that serves the key routes in process, as the server would route them */
  const serve = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    seen.push(request.clone());
    const routes: Record<string, (request: Request) => Promise<Response>> = {
      "POST /key/generate": h.routes.generate,
      "GET /key/list": h.routes.list,
      "GET /key/info": h.routes.info,
      "POST /key/delete": h.routes.delete,
    };
    const handler = routes[`${request.method} ${new URL(request.url).pathname.replace(/^\/gw/, "")}`];
    return handler ? await handler(request) : new Response("not found", { status: 404 });
  };
  beforeEach(async () => {
    h = await createKeyRoutesHarness();
    seen = [];
  });
  afterEach(async () => {
    await h.close();
  });
  /** null: no master key */
  const client = (masterKey: string | null = MASTER_KEY) =>
    createKeyAdminClient({ baseUrl: "http://gateway.test/gw/", ...(masterKey === null ? {} : { masterKey }), fetch: serve });

  it("generates, lists, shows and revokes keys with the master key", async () => {
    const keys = client();
    const created = await keys.generate({ models: ["claude"], max_budget: 10, budget_duration: "30d", key_alias: "cli" });
    expect(created).toMatchObject({ token: hashKey(created.key), models: ["claude"], max_budget: 10, key_alias: "cli" });
    const generateRequest = seen[0]!;
    expect(generateRequest.url).toBe("http://gateway.test/gw/key/generate");
    expect(generateRequest.headers.get("authorization")).toBe(`Bearer ${MASTER_KEY}`);
    expect(generateRequest.headers.get("content-type")).toBe("application/json");
    expect(await generateRequest.json()).toEqual({ models: ["claude"], max_budget: 10, budget_duration: "30d", key_alias: "cli" });

    expect(await keys.list()).toEqual({ keys: [created.token], total_count: 1, current_page: 1, total_pages: 1 });
    const full = await keys.list({ key_alias: "cli", return_full_object: true, size: 5 });
    expect(seen.at(-1)?.url).toBe("http://gateway.test/gw/key/list?key_alias=cli&return_full_object=true&size=5");
    expect(full.keys).toEqual([expect.objectContaining({ token: created.token, key_alias: "cli" })]);

    const info = await keys.info(created.key);
    expect(seen.at(-1)?.url).toBe(`http://gateway.test/gw/key/info?key=${encodeURIComponent(created.key)}`);
    expect(info).toMatchObject({ key: created.token, info: { key_alias: "cli", spend: 0 } });

    expect(await keys.revoke(created.key)).toEqual({ deleted_keys: [created.token] });
    await expect(keys.info(created.token)).rejects.toMatchObject({ name: "KeyAdminError", status: 404, errorType: "ResourceNotFoundException" });
  });

  it("generates with no fields, and sends no Authorization without a master key", async () => {
    h.withoutMasterKey = "open";
    const created = await client(null).generate();
    expect(created.key).toMatch(/^sk-/);
    expect(seen[0]?.headers.get("authorization")).toBeNull();
    expect(await seen[0]?.json()).toEqual({});
  });

  it("throws the gateway's message, status, error type and request id", async () => {
    const denied = await client("sk-wrong").list().catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(KeyAdminError);
    expect(denied).toMatchObject({ status: 403, errorType: "AccessDeniedException", requestId: "req-1" });
    expect((denied as Error).message).toMatch(/^management routes need the master key/);
    await expect(client().generate({ max_budget: -1 })).rejects.toThrow(/^invalid \/key\/generate request: max_budget: must be ≥ 0, got -1$/);
    await expect(client().revoke("sk-never-issued-0000")).rejects.toThrow(/nothing was deleted: no key matches the key sk-...0000/);
  });

  it("says so when the gateway cannot be reached or does not answer JSON", async () => {
    const unreachable = createKeyAdminClient({ baseUrl: "http://127.0.0.1:1", fetch: async () => await Promise.reject(new TypeError("fetch failed")) });
    await expect(unreachable.list()).rejects.toMatchObject({ status: 0, message: "cannot reach the gateway at http://127.0.0.1:1: fetch failed" });
    const proxy = createKeyAdminClient({ baseUrl: "http://gw", fetch: async () => new Response("<html>Bad Gateway</html>", { status: 502 }) });
    await expect(proxy.info("sk-1")).rejects.toMatchObject({ status: 502, message: "GET /key/info answered HTTP 502: <html>Bad Gateway</html>" });
    const empty = createKeyAdminClient({ baseUrl: "http://gw", fetch: async () => new Response("", { status: 200 }) });
    await expect(empty.list()).rejects.toMatchObject({ status: 200, message: "GET /key/list answered HTTP 200" });
  });
});
