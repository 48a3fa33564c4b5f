// Rewrites the bundled price table from a price file in LiteLLM's model_prices_and_context_window.json format.
//   npm run prices:refresh -- <path/to/model_prices_and_context_window.json> [output, default: the bundled prices.json]
// The transform is refreshPriceTable() (packages/core/src/pricing/refresh-price-table.ts); this is only its shell.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parsePriceTable } from "../packages/core/src/pricing/load-price-table.js";
import { refreshPriceTable } from "../packages/core/src/pricing/refresh-price-table.js";

const DEFAULT_OUTPUT = "packages/core/src/pricing/prices.json";

const [input, output = DEFAULT_OUTPUT] = process.argv.slice(2);
if (input === undefined) {
  process.stderr.write("usage: npm run prices:refresh -- <model_prices_and_context_window.json> [output]\n");
  process.exit(2);
}

const previous = existsSync(output) ? parsePriceTable(JSON.parse(readFileSync(output, "utf8")) as unknown, output) : undefined;
const { table, skipped } = refreshPriceTable(JSON.parse(readFileSync(input, "utf8")) as unknown, {
  sourceName: basename(input),
  date: new Date().toISOString().slice(0, 10),
  ...(previous === undefined ? {} : { previous }),
});
parsePriceTable(table, "refreshed table");
writeFileSync(output, `${JSON.stringify(table, null, 2)}\n`);
process.stdout.write(`${Object.keys(table.models).length} models written to ${output}; ${skipped.length} Bedrock entries skipped\n`);
for (const { key, reason } of skipped) process.stdout.write(`  skipped ${key}: ${reason}\n`);
