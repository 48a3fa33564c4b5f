import { describe, expect, it } from "vitest";
import { matchesAllowlist } from "./matches-allowlist.js";

const PROFILE_ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";

describe("matchesAllowlist", () => {
  it("allows everything with an empty list", () => {
    expect(matchesAllowlist([], "anything")).toBe(true);
    expect(matchesAllowlist([], "")).toBe(true);
  });

  it("matches exactly and case-sensitively without a star", () => {
    expect(matchesAllowlist(["claude", "titan"], "titan")).toBe(true);
    expect(matchesAllowlist(["claude"], "Claude")).toBe(false);
    expect(matchesAllowlist(["claude"], "claude-2")).toBe(false);
    expect(matchesAllowlist(["claude"], "")).toBe(false);
    expect(matchesAllowlist([PROFILE_ARN], PROFILE_ARN)).toBe(true);
    expect(matchesAllowlist([PROFILE_ARN], PROFILE_ARN.replace("us-east-1", "us-west-2"))).toBe(false);
  });

  it("takes regular-expression characters literally", () => {
    expect(matchesAllowlist(["anthropic.claude"], "anthropicXclaude")).toBe(false);
    expect(matchesAllowlist(["a+b"], "aab")).toBe(false);
    expect(matchesAllowlist(["a+b"], "a+b")).toBe(true);
    expect(matchesAllowlist(["kb-?"], "kb-1")).toBe(false);
    expect(matchesAllowlist(["[ab]"], "a")).toBe(false);
    expect(matchesAllowlist(["x.*"], "x.y")).toBe(true);
    expect(matchesAllowlist(["x.*"], "xay")).toBe(false);
  });

  it("lets a star stand for any run of characters, colons and slashes included", () => {
    expect(matchesAllowlist(["anthropic.*"], "anthropic.claude-3-haiku-20240307-v1:0")).toBe(true);
    expect(matchesAllowlist(["anthropic.*"], "anthropic.")).toBe(true);
    expect(matchesAllowlist(["anthropic.*"], "us.anthropic.claude")).toBe(false);
    expect(matchesAllowlist(["*.anthropic.*"], "us.anthropic.claude-3-haiku")).toBe(true);
    expect(matchesAllowlist(["arn:aws:bedrock:*:123456789012:inference-profile/*"], PROFILE_ARN)).toBe(true);
    expect(matchesAllowlist(["arn:aws:bedrock:*:999999999999:inference-profile/*"], PROFILE_ARN)).toBe(false);
    expect(matchesAllowlist(["*"], "")).toBe(true);
    expect(matchesAllowlist(["*:0"], "model-v1:0")).toBe(true);
    expect(matchesAllowlist(["*:0"], "model-v1:1")).toBe(false);
  });

  it("does not let a prefix and a suffix overlap, and finds middle parts in order", () => {
    expect(matchesAllowlist(["ab*ba"], "aba")).toBe(false);
    expect(matchesAllowlist(["ab*ba"], "abba")).toBe(true);
    expect(matchesAllowlist(["a*b*c"], "axxbyyc")).toBe(true);
    expect(matchesAllowlist(["a*b*c"], "acb")).toBe(false);
    expect(matchesAllowlist(["a*bc*bc"], "abcbc")).toBe(true);
    expect(matchesAllowlist(["a*b*b"], "ab")).toBe(false);
    expect(matchesAllowlist(["**x**"], "yxy")).toBe(true);
  });

  it("allows when any pattern matches", () => {
    expect(matchesAllowlist(["titan", "anthropic.*"], "anthropic.claude")).toBe(true);
    expect(matchesAllowlist(["titan", "meta.*"], "anthropic.claude")).toBe(false);
  });

  it("stays fast on patterns made to backtrack", () => {
    const started = performance.now();
    expect(matchesAllowlist([`${"a*".repeat(200)}b`], "a".repeat(20_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
