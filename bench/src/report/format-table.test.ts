import { describe, expect, it } from "vitest";
import { formatMarkdownTable, formatTextTable } from "./format-table.js";

const table = { title: "W3", columns: ["target", "req/s"], rows: [["bare", "9,000"], ["gateway", "12"]], notes: ["pinned"] };

describe("formatTextTable", () => {
  it("aligns text left and numbers right", () => {
    expect(formatTextTable(table)).toBe(["W3", "target   req/s", "-------  -----", "bare     9,000", "gateway     12", "  pinned"].join("\n"));
  });
});

describe("formatMarkdownTable", () => {
  it("right-aligns numeric columns and escapes pipes", () => {
    const markdown = formatMarkdownTable({ ...table, rows: [["a|b", "1"]] });
    expect(markdown).toContain("|---|---:|");
    expect(markdown).toContain("| a\\|b | 1 |");
    expect(markdown).toContain("- pinned");
  });
});
