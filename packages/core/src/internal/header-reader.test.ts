import { describe, expect, it } from "vitest";
import { readHeaderRecord } from "./header-reader.js";

describe("readHeaderRecord", () => {
  const headers = readHeaderRecord({ "content-type": "application/json", via: ["1.1 a", "1.1 b"], absent: undefined });

  it("reads one header, repeated ones joined like web Headers", () => {
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("via")).toBe("1.1 a, 1.1 b");
    expect(headers.get("absent")).toBeNull();
    expect(headers.get("missing")).toBeNull();
  });

  it("visits every present header once", () => {
    const seen: Array<[string, string]> = [];
    headers.forEach((value, name) => seen.push([name, value]));
    expect(seen).toEqual([
      ["content-type", "application/json"],
      ["via", "1.1 a, 1.1 b"],
    ]);
  });
});
