import { extendedEncodeURIComponent } from "@smithy/core/protocols";
import { describe, expect, it } from "vitest";
import { decodeSegment, encodeLabel, findMalformedEscape } from "./encode-label.js";

const ALL_ASCII = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
const SAMPLES = [
  "anthropic.claude-3-5-sonnet-20240620-v1:0",
  "us.anthropic.claude-sonnet-4-20250514-v1:0",
  "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
  "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
  "my model (prod)!*'",
  "aws/anthropic/claude",
  "ünïcödé ✓ 🚀",
  "a+b=c&d;e,f@g$h",
  "100%",
];

describe("encodeLabel", () => {
  it("encodes exactly like the AWS SDK's extendedEncodeURIComponent, for every ASCII character", () => {
    for (const char of ALL_ASCII) expect(encodeLabel(`x${char}y`)).toBe(extendedEncodeURIComponent(`x${char}y`));
  });

  it("encodes model ids, ARNs and odd names like the SDK", () => {
    for (const sample of SAMPLES) expect(encodeLabel(sample)).toBe(extendedEncodeURIComponent(sample));
  });

  it("encodes ':' and '/' and the SDK's extra !'()* set", () => {
    expect(encodeLabel("us.anthropic.claude-sonnet-4-20250514-v1:0")).toBe("us.anthropic.claude-sonnet-4-20250514-v1%3A0");
    expect(encodeLabel("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")).toBe(
      "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123",
    );
    expect(encodeLabel("!'()*")).toBe("%21%27%28%29%2A");
    expect(encodeLabel("A-Z.a_z~0")).toBe("A-Z.a_z~0");
    expect(encodeLabel("é")).toBe("%C3%A9");
  });

  it("refuses an empty label, as the SDK does", () => {
    expect(() => encodeLabel("")).toThrow(RangeError);
  });
});

describe("decodeSegment", () => {
  it("returns a segment without escapes unchanged", () => {
    expect(decodeSegment("converse")).toBe("converse");
    expect(decodeSegment("a+b")).toBe("a+b");
  });

  it("decodes upper- and lower-case escapes, including %2F", () => {
    expect(decodeSegment("v1%3A0")).toBe("v1:0");
    expect(decodeSegment("v1%3a0")).toBe("v1:0");
    expect(decodeSegment("profile%2Fabc")).toBe("profile/abc");
    expect(decodeSegment("%C3%A9")).toBe("é");
  });

  it("undoes encodeLabel", () => {
    for (const sample of SAMPLES) expect(decodeSegment(encodeLabel(sample))).toBe(sample);
  });

  it.each(["%", "%4", "%zz", "a%g1", "%%41"])("rejects the malformed escape in %s", (segment) => {
    expect(decodeSegment(segment)).toBeUndefined();
  });

  it.each(["%FF", "%C3", "%C0%AF", "%ED%A0%80"])("rejects %s, which is not UTF-8", (segment) => {
    expect(decodeSegment(segment)).toBeUndefined();
  });
});

describe("findMalformedEscape", () => {
  it("finds the offset of the first bad escape", () => {
    expect(findMalformedEscape("a%3Ab")).toBe(-1);
    expect(findMalformedEscape("abc")).toBe(-1);
    expect(findMalformedEscape("a%zz")).toBe(1);
    expect(findMalformedEscape("%41%4")).toBe(3);
    expect(findMalformedEscape("x%")).toBe(1);
  });
});
