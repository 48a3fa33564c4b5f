import { describe, expect, it } from "vitest";
import { createProxiedBedrockAgentClient } from "./create-proxied-bedrock-agent-client.js";
import { createProxiedBedrockClient } from "./create-proxied-bedrock-client.js";
import { GatewayOptionsError, resolveGatewayOptions } from "./resolve-gateway-options.js";

describe("resolveGatewayOptions", () => {
  it("reads BEDROCK_GW_URL and BEDROCK_GW_API_KEY when the options are absent, and adds /bedrock", () => {
    const resolved = resolveGatewayOptions({ env: { BEDROCK_GW_URL: "https://gw.example.com:8443/", BEDROCK_GW_API_KEY: " sk-env " } });
    expect(resolved.endpoint.href).toBe("https://gw.example.com:8443/bedrock");
    expect(resolved.apiKey).toBe("sk-env");
    expect(resolved.region).toBeUndefined();
  });

  it("prefers the options over the environment, and keeps a path prefix", () => {
    const resolved = resolveGatewayOptions({
      baseUrl: "http://10.0.0.5:4000/llm",
      apiKey: "sk-opt",
      region: "eu-west-1",
      env: { BEDROCK_GW_URL: "http://other", BEDROCK_GW_API_KEY: "sk-env" },
    });
    expect(resolved).toMatchObject({ apiKey: "sk-opt", region: "eu-west-1" });
    expect(resolved.endpoint.href).toBe("http://10.0.0.5:4000/llm/bedrock");
  });

  it.each([
    [{ apiKey: "sk-1" }, /baseUrl.*BEDROCK_GW_URL/],
    [{ baseUrl: "   ", apiKey: "sk-1" }, /baseUrl.*BEDROCK_GW_URL/],
    [{ baseUrl: "http://localhost:4000" }, /apiKey.*BEDROCK_GW_API_KEY/],
    [{ baseUrl: "http://localhost:4000", apiKey: "" }, /apiKey.*BEDROCK_GW_API_KEY/],
    [{ baseUrl: "localhost:4000", apiKey: "sk-1" }, /http:\/\/ or https:\/\//],
    [{ baseUrl: "not a url", apiKey: "sk-1" }, /is not a URL/],
    [{ baseUrl: "http://localhost:4000/bedrock/", apiKey: "sk-1" }, /without \/bedrock.*"http:\/\/localhost:4000"/],
    [{ baseUrl: "http://localhost:4000?x=1", apiKey: "sk-1" }, /no query/],
    [{ baseUrl: "http://localhost:4000", apiKey: "sk 1" }, /whitespace/],
    [{ baseUrl: "http://localhost:4000", apiKey: "sk-1", tags: ["a,b"] }, /no comma/],
    [{ baseUrl: "http://localhost:4000", apiKey: "sk-1", endUser: "line\nbreak" }, /endUser.*cannot carry/],
  ])("refuses %j with a message naming what to fix", (options, message) => {
    expect(() => resolveGatewayOptions({ ...options, env: {} })).toThrow(GatewayOptionsError);
    expect(() => resolveGatewayOptions({ ...options, env: {} })).toThrow(message);
  });
});

describe("client creation without a URL or key", () => {
  it.each([
    ["createProxiedBedrockClient", createProxiedBedrockClient],
    ["createProxiedBedrockAgentClient", createProxiedBedrockAgentClient],
  ] as const)("%s fails at creation, naming the option and the environment variable", (_, create) => {
    expect(() => create({ env: {} })).toThrow(/pass the baseUrl option .* or set the BEDROCK_GW_URL environment variable/i);
    expect(() => create({ baseUrl: "http://localhost:4000", env: {} })).toThrow(
      /pass the apiKey option or set the BEDROCK_GW_API_KEY environment variable/i,
    );
  });
});
