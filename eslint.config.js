import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/*.d.ts", "bench/results/**", "packages/cli/bin/**", "*.config.ts", "*.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./packages/*/tsconfig.json", "./test/tsconfig.json", "./examples/*/tsconfig.json", "./bench/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@bedrock-gw/*/src/*", "@bedrock-gw/*/dist/*", "bedrock-gw/*"], message: "no deep imports across packages" }] },
      ],
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      // `return promise` from an async function costs V8 two more microtask turns than `return await promise`;
      // on a call's path, such returns (one per layer) added up to several microseconds of every call
      "@typescript-eslint/return-await": ["error", "always"],
    },
  },
  {
    files: ["**/*.test.ts", "**/*.test-suite.ts", "**/fixtures/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
);
