/** One problem in a config: where it is (`model_list[2].litellm_params.aws_region_name`) and what is wrong. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A path inside the config document, as object keys and array indexes. */
export type ConfigPath = ReadonlyArray<string | number>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a document path the way users write it: `model_list[2].litellm_params.aws_region_name`.
 *
 * @example
 * formatConfigPath(["model_list", 2, "litellm_params", "aws_region_name"]) // "model_list[2].litellm_params.aws_region_name"
 * formatConfigPath([]) // "config"
 */
export function formatConfigPath(path: ConfigPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === "" ? "config" : text;
}

/**
 * Every problem found in a config, reported together: a config either resolves completely or not at all.
 *
 * @example
 * throw new ConfigError([{ path: "model_list[0].litellm_params.model", message: "required" }], { source: "gw.yaml" });
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly issues: readonly ConfigIssue[];
  /** the file (or label) the config came from, when known */
  readonly source?: string;

  constructor(issues: readonly ConfigIssue[], options: { source?: string; cause?: unknown } = {}) {
    super(formatIssues(issues, options.source), options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = issues;
    if (options.source !== undefined) this.source = options.source;
  }
}

/** True when `value` is a ConfigError (also across package copies). */
export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof ConfigError || (value instanceof Error && value.name === "ConfigError" && "issues" in value);
}

function formatIssues(issues: readonly ConfigIssue[], source: string | undefined): string {
  const lines = issues.map((issue) => `${issue.path}: ${issue.message}`);
  if (source === undefined) return lines.join("\n");
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return [`${source} (${count}):`, ...lines.map((line) => `  ${line}`)].join("\n");
}

/** Collects issues while a config is checked; the same path and message is kept once. */
export interface IssueCollector {
  add(path: string, message: string): void;
  /** drops later `add`s at this exact path (a missing environment variable is, or will be, reported there) */
  suppress(path: string): void;
  /** adds even at a suppressed path, then suppresses it: the root cause at that path */
  addRootCause(path: string, message: string): void;
  readonly issues: readonly ConfigIssue[];
}

/**
 * Creates an issue collector.
 *
 * @example
 * const issues = createIssueCollector();
 * issues.add("router_settings.num_retries", "must be an integer ≥ 0, got -1");
 */
export function createIssueCollector(): IssueCollector {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  const suppressed = new Set<string>();
  const push = (path: string, message: string): void => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ path, message });
  };
  return {
    add(path, message) {
      if (!suppressed.has(path)) push(path, message);
    },
    suppress(path) {
      suppressed.add(path);
    },
    addRootCause(path, message) {
      suppressed.add(path);
      push(path, message);
    },
    issues,
  };
}
