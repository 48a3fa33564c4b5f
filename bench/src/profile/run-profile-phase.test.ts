import { describe, expect, it } from "vitest";
import { pickMainThreadProfile } from "./run-profile-phase.js";

describe("pickMainThreadProfile", () => {
  it("takes thread 0's profile, not a worker thread's written after it", () => {
    expect(pickMainThreadProfile(["CPU.20261122.024745.1234.1.002.cpuprofile", "CPU.20261122.024745.1234.0.001.cpuprofile"])).toBe(
      "CPU.20261122.024745.1234.0.001.cpuprofile",
    );
  });

  it("falls back to the last one when none is named as the main thread's", () => {
    expect(pickMainThreadProfile(["b.cpuprofile", "a.cpuprofile"])).toBe("b.cpuprofile");
  });
});
