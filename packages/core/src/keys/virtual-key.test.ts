import { describe, expect, it } from "vitest";
import { keyName } from "./virtual-key.js";

describe("keyName", () => {
  it("names a key by its alias in quotes, else by its preview", () => {
    expect(keyName({ keyAlias: "ci-bot", keyPreview: "sk-...a1b2" })).toBe('"ci-bot"');
    expect(keyName({ keyPreview: "sk-...a1b2" })).toBe("sk-...a1b2");
    expect(keyName({ keyAlias: "", keyPreview: "sk-...a1b2" })).toBe("sk-...a1b2");
  });
});
