import { describe, expect, it } from "vitest";
import {
  isForwardedRequestHeader,
  isHopByHopHeader,
  selectForwardedHeaders,
  toRelayedResponseHeaders,
} from "./forward-headers.js";

describe("selectForwardedHeaders", () => {
  const client = new Headers({
    // forwarded
    "Content-Type": "application/json",
    Accept: "application/vnd.amazon.eventstream",
    "X-Amzn-Bedrock-Trace": "ENABLED",
    "x-amzn-bedrock-guardrailidentifier": "gr-1",
    "x-amzn-bedrock-accept": "application/json",
    "x-amz-source-arn": "arn:aws:bedrock:us-east-1:123456789012:agent/A1",
    // never forwarded
    authorization: "AWS4-HMAC-SHA256 Credential=AKID/20250601/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00",
    "x-amz-date": "20250601T102030Z",
    "x-amz-security-token": "client-token",
    "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
    "x-amz-user-agent": "aws-sdk-js/3.0",
    "amz-sdk-invocation-id": "b2c6e9d0-0000-4000-8000-000000000000",
    "amz-sdk-request": "attempt=1; max=3",
    host: "localhost:4000",
    "x-forwarded-for": "10.0.0.1",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "gw.example",
    forwarded: "for=10.0.0.1",
    connection: "keep-alive",
    "keep-alive": "timeout=5",
    "proxy-authorization": "Basic abc",
    te: "trailers",
    upgrade: "h2c",
    "x-bedrock-gw-api-key": "sk-gateway",
    "user-agent": "curl/8",
    cookie: "a=b",
  });

  it("forwards content-type, accept and x-amzn-bedrock-* (plus x-amz-source-arn), lower-cased", () => {
    expect(selectForwardedHeaders(client)).toEqual({
      "content-type": "application/json",
      accept: "application/vnd.amazon.eventstream",
      "x-amzn-bedrock-trace": "ENABLED",
      "x-amzn-bedrock-guardrailidentifier": "gr-1",
      "x-amzn-bedrock-accept": "application/json",
      "x-amz-source-arn": "arn:aws:bedrock:us-east-1:123456789012:agent/A1",
    });
  });

  it("never forwards the client's signature, host, proxy, hop-by-hop or gateway-key headers", () => {
    for (const name of [
      "authorization",
      "x-amz-date",
      "x-amz-security-token",
      "x-amz-content-sha256",
      "x-amz-user-agent",
      "host",
      "x-forwarded-for",
      "x-forwarded-proto",
      "x-forwarded-host",
      "forwarded",
      "connection",
      "keep-alive",
      "proxy-authorization",
      "te",
      "upgrade",
      "transfer-encoding",
      "content-length",
      "x-bedrock-gw-api-key",
      "x-litellm-api-key",
      "cookie",
    ]) {
      expect(isForwardedRequestHeader(name), name).toBe(false);
    }
  });
});

describe("toRelayedResponseHeaders", () => {
  it("copies Bedrock's response headers, repeated ones included, minus hop-by-hop ones", () => {
    const headers = toRelayedResponseHeaders({
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": "3f0c0000-0000-4000-8000-000000000000",
      "x-amzn-bedrock-content-type": "application/json",
      "x-amzn-bedrock-input-token-count": "12",
      date: "Sun, 01 Jun 2025 10:20:30 GMT",
      "set-cookie": ["a=1", "b=2"],
      via: ["1.1 a", "1.1 b"],
      connection: "keep-alive",
      "keep-alive": "timeout=5",
      "transfer-encoding": "chunked",
      "proxy-connection": "close",
      trailer: "x-checksum",
      upgrade: "h2c",
      "x-absent": undefined,
    });
    expect(headers).toEqual({
      "content-type": "application/vnd.amazon.eventstream",
      "x-amzn-requestid": "3f0c0000-0000-4000-8000-000000000000",
      "x-amzn-bedrock-content-type": "application/json",
      "x-amzn-bedrock-input-token-count": "12",
      date: "Sun, 01 Jun 2025 10:20:30 GMT",
      "set-cookie": ["a=1", "b=2"], // repeated headers stay separate values
      via: ["1.1 a", "1.1 b"],
    });
  });

  it("names the hop-by-hop headers", () => {
    const hopByHop = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "te", "trailer"];
    for (const name of [...hopByHop, "transfer-encoding", "upgrade", "http2-settings"]) {
      expect(isHopByHopHeader(name), name).toBe(true);
    }
    expect(isHopByHopHeader("content-type")).toBe(false);
  });
});
