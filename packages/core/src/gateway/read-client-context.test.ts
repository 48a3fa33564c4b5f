import { describe, expect, it } from "vitest";
import { readClientContext } from "./read-client-context.js";

describe("readClientContext", () => {
  it("reads ours, and LiteLLM's headers when ours are absent", () => {
    expect(
      readClientContext(new Headers({ "x-bedrock-gw-end-user": "u1", "x-bedrock-gw-session-id": "s1", "x-bedrock-gw-tags": "a, b,,a" })),
    ).toEqual({ endUser: "u1", sessionId: "s1", tags: ["a", "b"] });
    expect(readClientContext(new Headers({ "x-litellm-end-user-id": "u2", "x-litellm-tags": "x" }))).toEqual({ endUser: "u2", tags: ["x"] });
  });

  it("bounds lengths and counts", () => {
    const context = readClientContext(
      new Headers({ "x-bedrock-gw-end-user": "u".repeat(1000), "x-bedrock-gw-tags": Array.from({ length: 50 }, (_, i) => `t${i}`).join(",") }),
    );
    expect(context.endUser).toHaveLength(256);
    expect(context.tags).toHaveLength(32);
  });

  it("empty headers give an empty context", () => {
    expect(readClientContext(new Headers())).toEqual({ tags: [] });
  });
});
