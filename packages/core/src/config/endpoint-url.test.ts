import { describe, expect, it } from "vitest";
import { createDefaultEndpoint, formatEndpoint, parseEndpointUrl } from "./endpoint-url.js";

describe("parseEndpointUrl", () => {
  it("keeps a non-default port in the signed host and drops a default one", () => {
    expect(parseEndpointUrl("http://127.0.0.1:9000")).toEqual({
      ok: true,
      endpoint: { origin: "http://127.0.0.1:9000", basePath: "", host: "127.0.0.1:9000" },
    });
    expect(parseEndpointUrl("https://bedrock-runtime.us-east-1.amazonaws.com:443/")).toEqual({
      ok: true,
      endpoint: { origin: "https://bedrock-runtime.us-east-1.amazonaws.com", basePath: "", host: "bedrock-runtime.us-east-1.amazonaws.com" },
    });
    expect(parseEndpointUrl("http://proxy.local:80")).toMatchObject({ ok: true, endpoint: { host: "proxy.local", origin: "http://proxy.local" } });
  });

  it("turns a path into a base path without trailing slash", () => {
    expect(parseEndpointUrl("https://gw.example.com/aws/bedrock/")).toEqual({
      ok: true,
      endpoint: { origin: "https://gw.example.com", basePath: "/aws/bedrock", host: "gw.example.com" },
    });
  });

  it("accepts IPv6 hosts", () => {
    expect(parseEndpointUrl("http://[::1]:9000")).toMatchObject({ ok: true, endpoint: { host: "[::1]:9000" } });
  });

  it.each([
    ["bedrock.local", '"bedrock.local" is not an absolute http(s) URL'],
    ["ftp://host", '"ftp://host" is not an absolute http(s) URL'],
    ["/relative", '"/relative" is not an absolute http(s) URL'],
    ["http://host/x?y=1", '"http://host/x?y=1" must not have a query'],
    ["http://host/?", '"http://host/?" must not have a query'],
    ["http://host/#top", '"http://host/#top" must not have a fragment'],
    ["http://user:secret@host", "must not contain a user name or password"],
  ])("rejects %s", (text, problem) => {
    expect(parseEndpointUrl(text)).toEqual({ ok: false, problem });
  });
});

describe("createDefaultEndpoint", () => {
  it.each([
    ["bedrock-runtime", "us-east-1", "bedrock-runtime.us-east-1.amazonaws.com"],
    ["bedrock-agent-runtime", "eu-central-2", "bedrock-agent-runtime.eu-central-2.amazonaws.com"],
    ["bedrock-runtime", "cn-north-1", "bedrock-runtime.cn-north-1.amazonaws.com.cn"],
    ["bedrock-runtime", "us-gov-west-1", "bedrock-runtime.us-gov-west-1.amazonaws.com"],
    ["bedrock-runtime", "us-iso-east-1", "bedrock-runtime.us-iso-east-1.c2s.ic.gov"],
    ["bedrock-agent-runtime", "us-isob-east-1", "bedrock-agent-runtime.us-isob-east-1.sc2s.sgov.gov"],
  ] as const)("%s in %s is %s", (service, region, host) => {
    expect(createDefaultEndpoint(service, region)).toEqual({ origin: `https://${host}`, basePath: "", host });
  });

  it("uses the FIPS host when asked", () => {
    expect(createDefaultEndpoint("bedrock-runtime", "us-gov-east-1", { fips: true }).host).toBe("bedrock-runtime-fips.us-gov-east-1.amazonaws.com");
  });

  it("formats origin plus base path", () => {
    expect(formatEndpoint({ origin: "http://h:1", basePath: "/p", host: "h:1" })).toBe("http://h:1/p");
  });
});
