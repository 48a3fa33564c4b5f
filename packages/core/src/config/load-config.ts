import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { ConfigIssue } from "./config-error.js";
import { ConfigError, isConfigError } from "./config-error.js";
import { resolveConfig } from "./resolve-config.js";
import type { ResolveConfigOptions, ResolvedConfig } from "./types.js";

export interface ParseConfigOptions extends ResolveConfigOptions {
  /** where the text came from (a file name), for messages; default `config` */
  source?: string;
}

/**
 * Reads a YAML config file and resolves it. A missing file, a YAML syntax error (with line and column) and every
 * config problem are thrown as one `ConfigError`.
 *
 * @example
 * const config = loadConfig("bedrock-gw.yaml", { env: process.env });
 */
export function loadConfig(path: string, options: ResolveConfigOptions): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([{ path, message: describeReadError(error) }], { source: path, cause: error });
  }
  return parseConfigText(text, { ...options, source: path });
}

/**
 * Parses YAML config text and resolves it (what `loadConfig` does after reading the file).
 *
 * @example
 * const config = parseConfigText("model_list: []\n", { env: {} });
 */
export function parseConfigText(text: string, options: ParseConfigOptions): ResolvedConfig {
  const source = options.source ?? "config";
  // `merge` accepts YAML merge keys (`<<: *base`), which LiteLLM's PyYAML loader accepts too.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((error) => toSyntaxIssue(source, error)), { source });
  }
  const input: unknown = document.toJS();
  if (input === null || input === undefined) {
    throw new ConfigError([{ path: source, message: "the config is empty; expected a mapping with model_list, general_settings, ..." }], { source });
  }
  try {
    return resolveConfig(input, options);
  } catch (error) {
    if (isConfigError(error)) throw new ConfigError(error.issues, { source });
    throw error;
  }
}

function toSyntaxIssue(source: string, error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): ConfigIssue {
  const position = error.linePos?.[0];
  const where = position === undefined ? source : `${source}:${position.line}:${position.col}`;
  const firstLine = error.message.split("\n")[0] ?? error.message;
  return { path: where, message: `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, "")}` };
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "file not found",
  EISDIR: "is a directory, not a config file",
  EACCES: "cannot be read (permission denied)",
  EPERM: "cannot be read (permission denied)",
};

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined ? READ_ERRORS[code] : undefined) ?? `cannot be read: ${(error as Error).message}`;
}
