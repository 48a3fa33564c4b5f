#!/usr/bin/env node
// A committed entry point, so npm can link the `bedrock-gw` command at install time, before `prepare` has built dist/.
try {
  await import("../dist/bin.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/bin.js")) {
    console.error("bedrock-gw is not built yet: run `npm run build` at the repository root.");
    process.exit(1);
  }
  throw error;
}
