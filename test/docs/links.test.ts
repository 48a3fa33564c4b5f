import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Every relative link in the README, docs/ and the examples' READMEs points at a file that exists.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function findMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist") return [];
    if (statSync(path).isDirectory()) return findMarkdown(path);
    return name.endsWith(".md") ? [path] : [];
  });
}

const FILES = [
  join(ROOT, "README.md"),
  join(ROOT, "packages/client/README.md"),
  ...findMarkdown(join(ROOT, "docs")),
  ...findMarkdown(join(ROOT, "examples")),
];

describe("documentation links", () => {
  it.each(FILES.map((file) => [file.slice(ROOT.length), file]))("%s", (_, file) => {
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!.split("#")[0]!;
      if (target === "" || /^[a-z]+:/i.test(target)) continue;
      if (!existsSync(resolve(dirname(file), target))) broken.push(match[1]!);
    }
    expect(broken).toEqual([]);
  });
});
