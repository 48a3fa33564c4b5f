import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildProxiedClient } from "./build-proxied-client.js";
import { startCaptureServer, startFakeMetadataService } from "./fixtures/capture-server.js";
import type { CaptureServer, FakeMetadataService } from "./fixtures/capture-server.js";
import { SDK_VERSIONS } from "./fixtures/sdk-versions.js";
import type { ClientConstructor, SdkVersion } from "./fixtures/sdk-versions.js";
import { withGateway } from "./with-gateway.js";

// The SDK's instance-metadata timeout is 1 s: a client that ran the credential chain against a metadata service
// that never answers cannot finish its first call sooner than that.
const COLD_CALL_LIMIT_MS = 900;

let saved: NodeJS.ProcessEnv;
let server: CaptureServer | undefined;
let imds: FakeMetadataService | undefined;

/** An environment with no AWS settings at all (no variables, no ~/.aws files), as on a fresh EC2 instance. */
beforeEach(() => {
  saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];
  const home = mkdtempSync(join(tmpdir(), "bedrock-gw-client-home-"));
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, "no-config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "no-credentials");
});

afterEach(async () => {
  process.env = saved;
  await server?.close();
  await imds?.close();
  server = undefined;
  imds = undefined;
});

async function startMetadataService(hang: boolean): Promise<FakeMetadataService> {
  imds = await startFakeMetadataService({ hang });
  process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
  return imds;
}

const send = (sdk: SdkVersion, kind: "runtime" | "agent", client: { send(command: unknown): Promise<unknown> }) =>
  kind === "runtime"
    ? client.send(new sdk.runtime.ConverseCommand({ modelId: "claude", messages: [{ role: "user", content: [{ text: "hi" }] }] }))
    : client.send(new sdk.agent.RetrieveCommand({ knowledgeBaseId: "KB12345678", retrievalQuery: { text: "q" } })).catch(() => undefined);

describe("the fake metadata service detects a credential-chain lookup (control)", () => {
  it("a plain client without credentials probes it, and its call fails", async () => {
    const metadata = await startMetadataService(false);
    server = await startCaptureServer("h2c");
    const { runtime } = SDK_VERSIONS[0]!;
    const client = new runtime.Client({ region: "us-east-1", endpoint: `${server.url}/bedrock` });
    await expect(send(SDK_VERSIONS[0]!, "runtime", client)).rejects.toThrow(/credentials/i);
    expect(metadata.requests.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe.each(SDK_VERSIONS)("SDK $name: no credential lookup", (sdk) => {
  const cases: { name: string; kind: "runtime" | "agent"; Client: ClientConstructor }[] = [
    { name: "runtime", kind: "runtime", Client: sdk.runtime.Client },
    { name: "agent-runtime", kind: "agent", Client: sdk.agent.Client },
  ];

  it.each(cases)("$name client from the factory: cold first call is quick and never touches the metadata service", async ({ kind, Client }) => {
    const metadata = await startMetadataService(true);
    server = await startCaptureServer(sdk.defaultProtocol);
    const started = performance.now();
    const client = buildProxiedClient((config) => new Client(config), { baseUrl: server.url, apiKey: "sk-cold" });
    await send(sdk, kind, client);
    expect(performance.now() - started).toBeLessThan(COLD_CALL_LIMIT_MS);
    expect(server.requests).toHaveLength(1);
    expect(metadata.requests).toEqual([]);
    client.destroy();
  });

  it.each(cases)("$name client built with NO credentials, retrofitted with withGateway: same", async ({ kind, Client }) => {
    const metadata = await startMetadataService(true);
    server = await startCaptureServer(sdk.defaultProtocol);
    const started = performance.now();
    const client = withGateway(new Client({}), { baseUrl: server.url, apiKey: "sk-cold" });
    await send(sdk, kind, client);
    const elapsed = performance.now() - started;
    expect(metadata.requests).toEqual([]);
    expect(elapsed).toBeLessThan(COLD_CALL_LIMIT_MS);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-cold");
    expect(metadata.requests).toEqual([]);
    client.destroy();
  });
});
