import { afterEach, describe, expect, it } from "vitest";
import { buildProxiedClient } from "./build-proxied-client.js";
import { startCaptureServer } from "./fixtures/capture-server.js";
import type { CaptureServer } from "./fixtures/capture-server.js";
import { HANDLERS, SDK_VERSIONS } from "./fixtures/sdk-versions.js";
import type { ClientConstructor } from "./fixtures/sdk-versions.js";
import { getGatewayMetadata } from "./gateway-metadata.js";
import { withGateway } from "./with-gateway.js";

const KEY = "sk-unit-test-key";
const messages = [{ role: "user", content: [{ text: "hello" }] }];

let server: CaptureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way of making a gateway client, for one client class. */
const BUILDERS = [
  {
    name: "built by the factory",
    build: (Client: ClientConstructor, baseUrl: string, extra: Record<string, unknown>) =>
      buildProxiedClient((config) => new Client(config), { baseUrl, apiKey: KEY, ...extra }),
  },
  {
    name: "retrofitted with withGateway",
    build: (Client: ClientConstructor, baseUrl: string, extra: Record<string, unknown>) => {
      const { endUser, sessionId, tags, ...sdkConfig } = extra;
      // an app's own client: another region, its own endpoint, no credentials at all
      const client = new Client({ region: "eu-central-1", endpoint: "https://bedrock-runtime.eu-central-1.amazonaws.com", ...sdkConfig });
      return withGateway(client, { baseUrl, apiKey: KEY, ...({ endUser, sessionId, tags } as object) });
    },
  },
];

describe.each(SDK_VERSIONS)("SDK $name", (sdk) => {
  describe.each(HANDLERS)("$name", (handler) => {
    it.each(BUILDERS)("runtime client $name: Bearer key, gateway headers, no signature, gateway endpoint", async (builder) => {
      server = await startCaptureServer(handler.protocol(sdk));
      const client = builder.build(sdk.runtime.Client, `${server.url}/`, {
        ...handler.config(),
        endUser: "user-42",
        sessionId: "session-7",
        tags: ["team-a", "batch"],
      });
      const output = await client.send(new sdk.runtime.ConverseCommand({ modelId: "claude", messages }));
      expect((output as { output: { message: { content: { text: string }[] } } }).output.message.content[0]!.text).toBe("captured");
      const [request] = server.requests;
      expect(request).toMatchObject({ method: "POST", path: "/bedrock/model/claude/converse" });
      expect(request!.httpVersion).toBe(handler.protocol(sdk) === "h2c" ? "2.0" : "1.1");
      expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
      for (const signing of ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]) expect(request!.headers[signing]).toBeUndefined();
      expect(request!.headers).toMatchObject({
        "x-bedrock-gw-end-user": "user-42",
        "x-bedrock-gw-session-id": "session-7",
        "x-bedrock-gw-tags": "team-a,batch",
      });
      expect(getGatewayMetadata(output)).toEqual({ requestId: "gw-request-1", cost: 0.000123, gatewayMs: 1.25, upstreamMs: 42.5 });
      client.destroy();
    });

    it.each(BUILDERS)("agent-runtime client $name: Bearer key instead of SigV4, gateway endpoint", async (builder) => {
      server = await startCaptureServer(handler.protocol(sdk));
      const client = builder.build(sdk.agent.Client, server.url, handler.config());
      await client.send(new sdk.agent.RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "q" } })).catch(() => {
        // the capture server answers a Converse shape; only the request matters here
      });
      const [request] = server.requests;
      expect(request).toMatchObject({ method: "POST", path: "/bedrock/knowledgebases/KB12345678/retrieve" });
      expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(request!.headers["x-amz-date"]).toBeUndefined();
      expect(request!.headers["x-bedrock-gw-end-user"]).toBeUndefined();
      client.destroy();
    });
  });
});

describe("per-request header sources", () => {
  it("reads end user, session and tags on every call, and omits the ones that are unset", async () => {
    server = await startCaptureServer("http1");
    let user: string | undefined = "alice";
    const { runtime } = SDK_VERSIONS[0]!;
    const client = buildProxiedClient((config) => new runtime.Client(config), {
      baseUrl: server.url,
      apiKey: KEY,
      requestHandler: new (await import("@smithy/node-http-handler")).NodeHttpHandler(),
      endUser: () => user,
      tags: async () => ["t1"],
    });
    await client.send(new runtime.ConverseCommand({ modelId: "claude", messages }));
    user = undefined;
    await client.send(new runtime.ConverseCommand({ modelId: "claude", messages }));
    expect(server.requests.map((r) => r.headers["x-bedrock-gw-end-user"])).toEqual(["alice", undefined]);
    expect(server.requests.map((r) => r.headers["x-bedrock-gw-tags"])).toEqual(["t1", "t1"]);
    expect(server.requests[0]!.headers["x-bedrock-gw-session-id"]).toBeUndefined();
  });

  it("replaces an application's own Bearer token (SDK API-key auth) with the gateway key", async () => {
    server = await startCaptureServer("h2c");
    const { runtime } = SDK_VERSIONS[0]!;
    const client = withGateway(
      new runtime.Client({ region: "us-west-2", token: { token: "ABSK-real-bedrock-key" }, authSchemePreference: ["httpBearerAuth"] }),
      { baseUrl: server.url, apiKey: KEY },
    );
    await client.send(new runtime.ConverseCommand({ modelId: "claude", messages }));
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("applied twice, the second withGateway wins and nothing is sent twice", async () => {
    server = await startCaptureServer("h2c");
    const { runtime } = SDK_VERSIONS[0]!;
    const client = withGateway(new runtime.Client({}), { baseUrl: "http://127.0.0.1:1", apiKey: "sk-old", endUser: "old" });
    withGateway(client, { baseUrl: server.url, apiKey: KEY, tags: ["new"] });
    await client.send(new runtime.ConverseCommand({ modelId: "claude", messages }));
    const [request] = server.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request!.headers["x-bedrock-gw-end-user"]).toBeUndefined();
    expect(request!.headers["x-bedrock-gw-tags"]).toBe("new");
  });
});
