// Writes docs/config-reference.md from the config schemas (packages/core/src/config/*-schema.ts).
//   npm run docs:config            rewrite the file
//   npm run docs:config -- --check exit 1 when the file is stale (what the docs test checks too)
// The rendering is renderConfigReference() (scripts/config-reference/); this is only its shell.
import { readFileSync, writeFileSync } from "node:fs";
import { renderConfigReference } from "./config-reference/render-config-reference.js";

const OUTPUT = "docs/config-reference.md";

const text = renderConfigReference();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUTPUT, "utf8");
  } catch {
    // a missing file is stale
  }
  if (current !== text) {
    process.stderr.write(`${OUTPUT} is stale: run \`npm run docs:config\`\n`);
    process.exit(1);
  }
  process.stdout.write(`${OUTPUT} is up to date\n`);
} else {
  writeFileSync(OUTPUT, text);
  process.stdout.write(`${OUTPUT} written\n`);
}
