import { describe, expect, it } from "vitest";
import { createEndpointParts } from "./forward-call.js";

describe("createEndpointParts", () => {
  it("gives an endpoint's scheme, hostname and port as a URL parse would, parsing each endpoint once", () => {
    const partsOf = createEndpointParts();
    const aws = { origin: "https://bedrock-runtime.us-east-1.amazonaws.com", basePath: "", host: "bedrock-runtime.us-east-1.amazonaws.com" };
    const local = { origin: "http://127.0.0.1:9000", basePath: "/prefix", host: "127.0.0.1:9000" };
    const ipv6 = { origin: "http://[::1]:8080", basePath: "", host: "[::1]:8080" };
    const tlsPort = { origin: "https://gw.internal:8443", basePath: "", host: "gw.internal:8443" };
    expect(partsOf(aws)).toEqual({ protocol: "https:", hostname: "bedrock-runtime.us-east-1.amazonaws.com" });
    expect(partsOf(local)).toEqual({ protocol: "http:", hostname: "127.0.0.1", port: 9000 });
    expect(partsOf(ipv6)).toEqual({ protocol: "http:", hostname: "[::1]", port: 8080 });
    expect(partsOf(tlsPort)).toEqual({ protocol: "https:", hostname: "gw.internal", port: 8443 });
    expect(partsOf(local)).toBe(partsOf(local));
  });
});
