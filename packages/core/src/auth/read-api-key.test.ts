import { describe, expect, it } from "vitest";
import { readApiKey } from "./read-api-key.js";

const SIGV4 =
  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250601/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc123";

describe("readApiKey", () => {
  it("reads a Bearer token from Authorization, case-insensitively and trimmed", () => {
    expect(readApiKey(new Headers({ authorization: "Bearer sk-123" }))).toBe("sk-123");
    expect(readApiKey(new Headers({ Authorization: "bearer   sk-456  " }))).toBe("sk-456");
    expect(readApiKey(new Headers({ authorization: "BEARER\tsk-789" }))).toBe("sk-789");
  });

  it("reads each key header, with or without a Bearer prefix", () => {
    expect(readApiKey(new Headers({ "x-bedrock-gw-api-key": "sk-gw" }))).toBe("sk-gw");
    expect(readApiKey(new Headers({ "x-litellm-api-key": "Bearer sk-litellm" }))).toBe("sk-litellm");
    expect(readApiKey(new Headers({ litellm_user_api_key: "sk-user" }))).toBe("sk-user");
  });

  it("prefers the key headers in their order over Authorization", () => {
    const headers = new Headers({
      authorization: "Bearer sk-auth",
      litellm_user_api_key: "sk-third",
      "x-litellm-api-key": "sk-second",
      "x-bedrock-gw-api-key": "sk-first",
    });
    expect(readApiKey(headers)).toBe("sk-first");
    headers.delete("x-bedrock-gw-api-key");
    expect(readApiKey(headers)).toBe("sk-second");
    headers.delete("x-litellm-api-key");
    expect(readApiKey(headers)).toBe("sk-third");
    headers.delete("litellm_user_api_key");
    expect(readApiKey(headers)).toBe("sk-auth");
  });

  it("lets a key header ride beside a SigV4 Authorization (a signing SDK client)", () => {
    expect(readApiKey(new Headers({ authorization: SIGV4, "x-bedrock-gw-api-key": "sk-beside" }))).toBe("sk-beside");
  });

  it("never takes a SigV4 or other non-Bearer Authorization as a key", () => {
    expect(readApiKey(new Headers({ authorization: SIGV4 }))).toBeUndefined();
    expect(readApiKey(new Headers({ authorization: "Basic dXNlcjpwYXNz" }))).toBeUndefined();
    expect(readApiKey(new Headers({ authorization: "Bearersk-no-space" }))).toBeUndefined();
  });

  it("finds nothing when no key is presented", () => {
    expect(readApiKey(new Headers())).toBeUndefined();
    expect(readApiKey(new Headers({ "x-bedrock-gw-api-key": "" }))).toBeUndefined();
    expect(readApiKey(new Headers({ authorization: "Bearer    " }))).toBeUndefined();
  });
});
