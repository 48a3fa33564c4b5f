#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";

// Before any other module is loaded: loading the gateway's modules allocates enough for V8 to double its young
// generation to 16-32 MiB, which it keeps committed for good. Held at the size it starts with (a few MB) from here;
// `serve` keeps holding it (worker threads reset it) or lets it grow again (general_settings.young_generation_growth).
setFlagsFromString("--semi-space-growth-factor=1");
const { runCli } = await import("./cli.js");
await runCli(process.argv);
