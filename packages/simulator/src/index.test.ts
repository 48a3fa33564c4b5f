import { describe, expect, it } from "vitest";
import * as simulator from "./index.js";

describe("@bedrock-gw/simulator exports", () => {
  it("keeps its public runtime API stable", () => {
    expect(Object.keys(simulator).sort()).toEqual(["SIMULATOR_API_KEY", "SIMULATOR_CREDENTIALS", "createSimulator", "startSimulator"]);
    expect(simulator.SIMULATOR_API_KEY.startsWith("ABSK")).toBe(true);
    expect(Buffer.from(simulator.SIMULATOR_API_KEY.slice(4), "base64").toString()).toMatch(/^BedrockAPIKey-\w{4}-at-\d{12}:/);
  });
});
