import { describe, expect, it } from "vitest";
import { attachGatewayMetadata, getGatewayMetadata, readGatewayMetadata } from "./gateway-metadata.js";

describe("readGatewayMetadata", () => {
  it("reads the request id, cost and both Server-Timing durations, whatever the header case", () => {
    expect(
      readGatewayMetadata({
        "X-Bedrock-Gw-Request-Id": "r-1",
        "x-bedrock-gw-cost": "0.0000042",
        "Server-Timing": 'gateway;dur=0.812, upstream;desc="bedrock";dur=153.5',
      }),
    ).toEqual({ requestId: "r-1", cost: 0.0000042, gatewayMs: 0.812, upstreamMs: 153.5 });
  });

  it("leaves out what is absent or unreadable", () => {
    expect(readGatewayMetadata({ "x-bedrock-gw-request-id": "r-2", "x-bedrock-gw-cost": "n/a", "server-timing": "gateway;dur=x" })).toEqual({
      requestId: "r-2",
    });
    expect(readGatewayMetadata({ "x-bedrock-gw-request-id": "r-3", "server-timing": "gateway;dur=2" })).toEqual({ requestId: "r-3", gatewayMs: 2 });
  });

  it("is undefined for responses that did not come from the gateway", () => {
    expect(readGatewayMetadata({ "x-amzn-requestid": "aws-1", "content-type": "application/json" })).toBeUndefined();
  });
});

describe("getGatewayMetadata", () => {
  it("returns what was attached, invisible to JSON and to deep equality", () => {
    const output = { $metadata: { httpStatusCode: 200 }, stopReason: "end_turn" };
    attachGatewayMetadata(output, { requestId: "r-4", cost: 1 });
    expect(getGatewayMetadata(output)).toEqual({ requestId: "r-4", cost: 1 });
    expect(JSON.parse(JSON.stringify(output))).toEqual({ $metadata: { httpStatusCode: 200 }, stopReason: "end_turn" });
    expect(output).toStrictEqual({ $metadata: { httpStatusCode: 200 }, stopReason: "end_turn" });
  });

  it("is undefined for anything else", () => {
    expect(getGatewayMetadata({ stopReason: "end_turn" })).toBeUndefined();
    expect(getGatewayMetadata(undefined)).toBeUndefined();
    expect(getGatewayMetadata("text")).toBeUndefined();
  });
});
