import { describe, expect, it } from "vitest";
import { summarizeCpuProfile, toArea } from "./summarize-cpu-profile.js";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

describe("summarizeCpuProfile", () => {
  it("attributes each sample the time until the next one, leaves idle out, and ranks by self time", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame("(root)") },
        { id: 2, callFrame: frame("(idle)") },
        { id: 3, callFrame: frame("signRequest", "file:///r/packages/core/dist/upstream/sign-request.js", 9) },
        { id: 4, callFrame: frame("hmac", "file:///r/node_modules/@smithy/signature-v4/dist-cjs/index.js", 99) },
      ],
      startTime: 1_000_000,
      samples: [3, 4, 4, 2, 3],
      timeDeltas: [0, 1000, 3000, 2000, 5000],
    };
    const summary = summarizeCpuProfile(profile, 10);
    expect(summary.totalMs).toBe(6); // 3 → 1 ms, 4 → 3 + 2 ms, idle 5 ms left out, last sample has no successor
    expect(summary.top[0]).toMatchObject({ name: "hmac", selfMs: 5, location: "node_modules/@smithy/signature-v4/dist-cjs/index.js:100" });
    expect(summary.top[1]).toMatchObject({ name: "signRequest", selfMs: 1 });
    expect(summary.top[0]!.selfPercent).toBeCloseTo(83.33, 1);
    expect(summary.byArea.map((area) => area.name)).toEqual(["@smithy/signature-v4", "core/upstream"]);
  });

  it("counts only the samples taken inside the window", () => {
    const profile = {
      nodes: [{ id: 1, callFrame: frame("a") }, { id: 2, callFrame: frame("b") }],
      startTime: 500,
      samples: [1, 2, 1, 2],
      timeDeltas: [100, 100, 100, 100],
    };
    // samples at 600, 700, 800, 900 µs: the window keeps 700 (b, lasting 100 µs) and 800 (a, lasting 100 µs)
    const summary = summarizeCpuProfile(profile, 10, { startUs: 650, endUs: 850 });
    expect(summary.totalMs).toBeCloseTo(0.2);
    expect(summary.top.map((entry) => entry.name).sort()).toEqual(["a", "b"]);
  });
});

describe("toArea", () => {
  it("names npm packages, our package folders, node internals and V8 pseudo-frames", () => {
    expect(toArea("file:///r/node_modules/undici/lib/core.js", "f")).toBe("undici");
    expect(toArea("file:///r/packages/cli/dist/start-server.js", "f")).toBe("cli");
    expect(toArea("node:internal/http2/core", "f")).toBe("node:http2");
    expect(toArea("node:stream", "f")).toBe("node:stream");
    expect(toArea("", "(garbage collector)")).toBe("(garbage collector)");
    expect(toArea("", "writev")).toBe("(native)");
  });
});
