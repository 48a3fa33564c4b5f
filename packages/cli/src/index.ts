export { startServer } from "./start-server.js";
export type { ServeOptions, RunningServer } from "./start-server.js";
export { createApp } from "./create-app.js";
export type { AppOptions } from "./create-app.js";
export { createCli, runCli } from "./cli.js";
export type { CliIo } from "./cli.js";
