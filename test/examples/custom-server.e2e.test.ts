import { mkdtempSync } from "node:fs";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { createProxiedBedrockClient, getGatewayMetadata } from "@bedrock-gw/client";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGateway } from "../../examples/custom-server/src/load-gateway.js";
import type { LoadedGateway } from "../../examples/custom-server/src/load-gateway.js";
import { startCustomServer } from "../../examples/custom-server/src/start-custom-server.js";
import type { RunningCustomServer, ServerKind } from "../../examples/custom-server/src/start-custom-server.js";
import { MASTER_KEY } from "../support/fixtures.js";
import { EXAMPLES_DIR } from "./run-example.js";

const CONFIG = `${EXAMPLES_DIR}custom-server/bedrock-gw.yaml`;
const env = () => ({ BEDROCK_GW_MASTER_KEY: MASTER_KEY, BEDROCK_GW_DATA_DIR: mkdtempSync(join(tmpdir(), "bedrock-gw-custom-")) });
const messages = (text: string) => [{ role: "user" as const, content: [{ text }] }];

// node:http and Hono's default server speak HTTP/1.1 (SDK clients need NodeHttpHandler); Hono on http2.createServer
// speaks h2c, the SDK's default.
const KINDS: { kind: ServerKind; http1: boolean }[] = [
  { kind: "node-http", http1: true },
  { kind: "hono", http1: true },
  { kind: "hono-h2c", http1: false },
];

function readOverH2c(origin: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const session = connect(origin);
    session.once("error", reject);
    const stream = session.request({ ":path": path });
    let body = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => (body += chunk));
    stream.once("end", () => {
      session.close();
      resolve(body);
    });
    stream.once("error", reject);
  });
}

let loaded: LoadedGateway | undefined;
beforeAll(async () => {
  loaded = await loadGateway({ configPath: CONFIG, simulate: true, env: env() });
});
afterAll(async () => {
  await loaded?.close();
});

describe.each(KINDS)("examples/custom-server: @bedrock-gw/core in $kind", ({ kind, http1 }) => {
  let server: RunningCustomServer | undefined;
  beforeAll(async () => {
    server = await startCustomServer(loaded!.gateway, { kind, port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await server?.close();
  });
  const client = (apiKey = MASTER_KEY) =>
    createProxiedBedrockClient({ baseUrl: server!.url, apiKey, maxAttempts: 1, ...(http1 ? { requestHandler: new NodeHttpHandler() } : {}) });

  it("serves Converse with the gateway's metadata headers", async () => {
    const out = await client().send(new ConverseCommand({ modelId: "claude", messages: messages(`hello ${kind}`) }));
    expect(out.output?.message?.content?.[0]?.text).toContain(`hello ${kind}`);
    expect(getGatewayMetadata(out)?.cost).toBeGreaterThan(0);
  });

  it("relays ConverseStream as a stream", async () => {
    const out = await client().send(new ConverseStreamCommand({ modelId: "nova", messages: messages("stream it") }));
    const kinds: string[] = [];
    for await (const event of out.stream!) kinds.push(Object.keys(event)[0]!);
    expect(kinds[0]).toBe("messageStart");
    expect(kinds.at(-1)).toBe("metadata");
    expect(kinds.filter((k) => k === "contentBlockDelta").length).toBeGreaterThan(1);
  });

  it("checks keys with the config's master key", async () => {
    await expect(client("sk-wrong").send(new ConverseCommand({ modelId: "claude", messages: messages("hi") }))).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("keeps the app's own routes next to the gateway", async () => {
    // fetch speaks HTTP/1.1; the h2c server is asked through an HTTP/2 session
    const body = http1 ? await (await fetch(`${server!.url}/healthz`)).text() : await readOverH2c(server!.url, "/healthz");
    expect(JSON.parse(body)).toMatchObject({ status: "ok" });
  });
});

describe("examples/custom-server: npm start (dist/main.js)", () => {
  it("starts with --simulate semantics from SIMULATE=1 and serves a call", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [`${EXAMPLES_DIR}custom-server/dist/main.js`, "--hono"], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", SIMULATE: "1", ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let output = "";
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner:\n${output}`)), 15_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http\S+);/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const out = await createProxiedBedrockClient({ baseUrl: url, apiKey: MASTER_KEY, requestHandler: new NodeHttpHandler() }).send(
        new ConverseCommand({ modelId: "claude", messages: messages("from main") }),
      );
      expect(out.output?.message?.content?.[0]?.text).toContain("from main");
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
