import { describe, expect, it } from "vitest";
import { readRawTarget } from "./read-raw-target.js";

describe("readRawTarget", () => {
  const cases: Array<[string, string, { path: string; query: string }]> = [
    ["an encoded model id", "http://gw/model/a%3A1/converse?x=1", { path: "/model/a%3A1/converse", query: "x=1" }],
    ["a host with a port", "https://gw.example:4000/bedrock/async-invoke", { path: "/bedrock/async-invoke", query: "" }],
    ["no path at all", "http://gw", { path: "/", query: "" }],
    ["an encoded dot-dot segment, kept", "http://gw/model/%2e%2e/%2E%2E/x", { path: "/model/%2e%2e/%2E%2E/x", query: "" }],
    ["a literal dot-dot segment, kept", "http://gw/a/../b/./c", { path: "/a/../b/./c", query: "" }],
    ["an encoded slash, kept", "http://gw/model/arn%3Aaws%2Fx/invoke", { path: "/model/arn%3Aaws%2Fx/invoke", query: "" }],
    ["doubled slashes, kept", "http://gw//bedrock//model", { path: "//bedrock//model", query: "" }],
    ["an empty query", "http://gw/a?", { path: "/a", query: "" }],
    ["a query with ? and = inside", "http://gw/a?b=c?d&e==f", { path: "/a", query: "b=c?d&e==f" }],
    ["a fragment after the query", "http://gw/a?b=1#frag?x", { path: "/a", query: "b=1" }],
    ["a fragment without a query", "http://gw/a#frag?x=1", { path: "/a", query: "" }],
    ["a URL in the query", "http://gw/async-invoke?next=https://x/y", { path: "/async-invoke", query: "next=https://x/y" }],
    ["an origin-form target", "/bedrock/model/m/invoke?a=1", { path: "/bedrock/model/m/invoke", query: "a=1" }],
    [
      "an origin-form target with a URL in its query",
      "/bedrock/async-invoke?next=https://x/y",
      { path: "/bedrock/async-invoke", query: "next=https://x/y" },
    ],
    ["an origin-form target with :// in its path", "/model/a://b/invoke", { path: "/model/a://b/invoke", query: "" }],
  ];

  for (const [what, url, expected] of cases) {
    it(`splits ${what}`, () => {
      expect(readRawTarget(url)).toEqual(expected);
    });
  }

  it("reads a web Request's url without percent-decoding it", () => {
    const request = new Request("http://localhost:4000/bedrock/model/us.anthropic.claude-v1%3A0/converse-stream");
    expect(readRawTarget(request.url).path).toBe("/bedrock/model/us.anthropic.claude-v1%3A0/converse-stream");
  });
});
