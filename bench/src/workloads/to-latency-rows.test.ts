import { describe, expect, it } from "vitest";
import { toLatencyRows } from "./to-latency-rows.js";

describe("toLatencyRows", () => {
  it("subtracts direct's figure of the same round, then takes the median over rounds", () => {
    const rows = toLatencyRows(
      new Map([
        ["direct", [{ p50: 1, p99: 2, errors: 0 }, { p50: 2, p99: 4, errors: 0 }, { p50: 1, p99: 2, errors: 0 }]],
        ["gateway", [{ p50: 1.5, p99: 3, errors: 1, lastError: "HTTP 500" }, { p50: 2.2, p99: 4.1, errors: 0 }, { p50: 1.4, p99: 2.5, errors: 0 }]],
      ]),
    );
    const gateway = rows.find((row) => row.target === "gateway")!;
    expect(gateway.p50).toBe(1.5);
    expect(gateway.addedP50).toBeCloseTo(0.4);
    expect(gateway.addedP99).toBeCloseTo(0.5);
    expect(gateway.errors).toBe(1);
    expect(gateway.lastError).toBe("HTTP 500");
    expect(rows.find((row) => row.target === "direct")!.addedP50).toBe(0);
  });
});
