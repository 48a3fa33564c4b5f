import { describe, expect, it } from "vitest";
import { summarizeAllocationProfile } from "./summarize-allocation-profile.js";
import type { AllocationProfile } from "./summarize-allocation-profile.js";

type Node = AllocationProfile["head"];

const node = (functionName: string, url: string, selfSize: number, children: Node[] = []): Node => ({
  callFrame: { functionName, url, lineNumber: 4 },
  selfSize,
  children,
});

describe("summarizeAllocationProfile", () => {
  it("adds up the bytes of every node in the tree by function and by area, largest first", () => {
    const sign = "file:///r/packages/core/dist/upstream/sign-request.js";
    const profile = {
      head: node("(root)", "", 0, [
        node("handle", "file:///r/packages/core/dist/gateway/handle-bedrock-call.js", 1000, [
          node("sign", sign, 3000, [node("hmac", "file:///r/node_modules/@smithy/signature-v4/dist-cjs/index.js", 500)]),
        ]),
        // the same function reached from elsewhere: one entry
        node("sign", sign, 1500),
      ]),
    };
    const summary = summarizeAllocationProfile(profile, 10);
    expect(summary.totalBytes).toBe(6000);
    expect(summary.top.map((entry) => [entry.name, entry.bytes])).toEqual([["sign", 4500], ["handle", 1000], ["hmac", 500]]);
    expect(summary.top[0]).toMatchObject({ location: "packages/core/dist/upstream/sign-request.js:5", percent: 75 });
    expect(summary.byArea.map((entry) => [entry.name, entry.bytes])).toEqual([["core/upstream", 4500], ["core/gateway", 1000], ["@smithy/signature-v4", 500]]);
  });

  it("keeps only the top entries", () => {
    const profile = { head: node("(root)", "", 0, [node("a", "file:///x/a.js", 3), node("b", "file:///x/b.js", 2), node("c", "file:///x/c.js", 1)]) };
    expect(summarizeAllocationProfile(profile, 2).top.map((entry) => entry.name)).toEqual(["a", "b"]);
  });
});
