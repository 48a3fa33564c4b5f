import { describe, expect, it } from "vitest";
import { collapseWhitespace } from "./collapse-whitespace.js";

const reference = (text: string): string => text.replace(/\s+/g, " ").trim();

describe("collapseWhitespace", () => {
  it("gives what replace(/\\s+/g, ' ').trim() gives, on either path", () => {
    const cases = [
      "",
      " ",
      "a",
      "a b c",
      " a b ",
      "a  b",
      "a\tb",
      "a\nb\r\nc",
      "\u00a0a\u2003b\ufeff",
      "  leading and trailing  ",
      "x ".repeat(1000),
      "tabs\t\tand  doubles   everywhere \n",
    ];
    for (const text of cases) expect(collapseWhitespace(text), JSON.stringify(text)).toBe(reference(text));
  });

  it("matches on random text of spaces, tabs, newlines and other whitespace", () => {
    const alphabet = ["a", "b", " ", " ", "\t", "\n", "\u00a0", "z"];
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(collapseWhitespace(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it("returns single-spaced text as it is", () => {
    const text = "the quick brown fox ".repeat(100).trim();
    expect(collapseWhitespace(text)).toBe(text);
  });
});
