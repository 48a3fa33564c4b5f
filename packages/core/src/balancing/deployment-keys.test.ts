import { describe, expect, it } from "vitest";
import { createDeploymentKeyFormatter, formatDeploymentKey } from "./deployment-keys.js";

describe("createDeploymentKeyFormatter", () => {
  it("gives formatDeploymentKey's key for every id, again and again, past the number it remembers", () => {
    const rpmKey = createDeploymentKeyFormatter("rpm");
    const ids = ["claude-usw2", "a:b", "with space/slash", "ü"];
    for (let round = 0; round < 2; round++) for (const id of ids) expect(rpmKey(id)).toBe(formatDeploymentKey(id, "rpm"));
    expect(rpmKey("a:b")).toBe("dep:a%3Ab:rpm");
    for (let i = 0; i < 5000; i++) expect(rpmKey(`d-${i % 4500}`)).toBe(`dep:d-${i % 4500}:rpm`);
    expect(createDeploymentKeyFormatter("latency")("a:b")).toBe("dep:a%3Ab:latency");
  });
});
