import { describe, expect, it } from "vitest";
import { encodeRfc3986 } from "../routing/encode-label.js";
import { normalizeQuery } from "./encode-query.js";

describe("normalizeQuery", () => {
  it("returns nothing for an empty query", () => {
    expect(normalizeQuery("")).toEqual({ params: {}, encoded: "" });
  });

  it("keeps a plain ListAsyncInvokes query as it was", () => {
    expect(normalizeQuery("maxResults=10&statusEquals=InProgress")).toEqual({
      params: { maxResults: "10", statusEquals: "InProgress" },
      encoded: "maxResults=10&statusEquals=InProgress",
    });
  });

  const cases: Array<[string, string, Record<string, string | string[]>, string]> = [
    [
      "encodes the reserved characters the SDKs encode (: and !'()*)",
      "submitTimeAfter=2025-01-01T00:00:00Z&x=a!'()*",
      { submitTimeAfter: "2025-01-01T00:00:00Z", x: "a!'()*" },
      "submitTimeAfter=2025-01-01T00%3A00%3A00Z&x=a%21%27%28%29%2A",
    ],
    ["keeps the unreserved characters", "k=-._~AZaz09", { k: "-._~AZaz09" }, "k=-._~AZaz09"],
    ["normalizes percent-encoding to upper-case hex", "nextToken=a%2fb%3d%3d", { nextToken: "a/b==" }, "nextToken=a%2Fb%3D%3D"],
    ["reads + as a space (form encoding) and sends %20", "q=a+b%20c", { q: "a b c" }, "q=a%20b%20c"],
    ["keeps an encoded plus", "q=a%2Bb", { q: "a+b" }, "q=a%2Bb"],
    ["gives a key without a value an empty value", "flag&k=", { flag: "", k: "" }, "flag=&k="],
    ["collects repeated keys into an array, in order", "a=2&b=x&a=1&a=3", { a: ["2", "1", "3"], b: "x" }, "a=2&b=x&a=1&a=3"],
    ["encodes UTF-8 keys and values", "%E1%88%B4=bar&n=%C3%BC", { "ሴ": "bar", n: "ü" }, "%E1%88%B4=bar&n=%C3%BC"],
    ["encodes a raw UTF-8 character", "n=ü", { n: "ü" }, "n=%C3%BC"],
    ["drops empty pairs", "a=1&&b=2&", { a: "1", b: "2" }, "a=1&b=2"],
  ];
  for (const [what, raw, params, encoded] of cases) {
    it(what, () => {
      expect(normalizeQuery(raw)).toEqual({ params, encoded });
    });
  }

  it("sends exactly the pairs the signer canonicalizes (RFC 3986 encoding of the decoded params)", () => {
    const { params, encoded } = normalizeQuery("b=%20x&a=1&a=0&c=%7E&d=%2A");
    const canonical = Object.entries(params)
      .flatMap(([key, value]) => [value].flat().map((v) => `${encodeRfc3986(key)}=${encodeRfc3986(v)}`))
      .sort()
      .join("&");
    expect(encoded.split("&").sort().join("&")).toBe(canonical);
  });
});
