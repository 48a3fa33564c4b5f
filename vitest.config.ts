import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import package source directly (no build needed), except the end-to-end suites, which spawn the built CLI.
const alias = {
  "@bedrock-gw/core": src("core"),
  "@bedrock-gw/simulator": src("simulator"),
  "@bedrock-gw/client": src("client"),
  "bedrock-gw": src("cli"),
};

export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["packages/*/src/**/*.test.ts", "bench/src/**/*.test.ts"], testTimeout: 10_000 } },
      {
        resolve: { alias },
        test: { name: "e2e", include: ["test/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 30_000 },
      },
    ],
  },
});
