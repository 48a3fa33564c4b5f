import type { z } from "zod";
import type { ConfigPath, IssueCollector } from "./config-error.js";
import { formatConfigPath } from "./config-error.js";
import { isPlainObject } from "./env-references.js";

type RawIssue = z.core.$ZodRawIssue;

/**
 * Parses `input` with a schema and adds every problem to `issues`, with paths under `basePath` and messages in the
 * config's own words (`must be an integer ≥ 0, got -1`). Returns the parsed value, or undefined when it failed.
 * With `partial`, a mapping that fails is parsed again without its failing keys, so that checks across sections
 * (fallback groups, conflicting settings) still run and every problem is reported at once.
 *
 * @example
 * const parsed = parseWithIssues(routerSettingsSchema, raw, ["router_settings"], issues, { partial: true });
 */
export function parseWithIssues<T extends z.ZodType>(
  schema: T,
  input: unknown,
  basePath: ConfigPath,
  issues: IssueCollector,
  options: { partial?: boolean } = {},
): z.output<T> | undefined {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  const failedKeys = new Set<string>();
  for (const issue of result.error.issues) {
    const path = [...basePath, ...issue.path.map(toSegment)];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.add(formatConfigPath([...path, key]), unknownKeyMessage(path));
      if (issue.path.length === 0) for (const key of issue.keys) failedKeys.add(key);
    } else {
      issues.add(formatConfigPath(path), issue.message);
    }
    if (issue.path[0] !== undefined) failedKeys.add(String(issue.path[0]));
  }
  if (options.partial !== true || !isPlainObject(input) || failedKeys.size === 0) return undefined;
  const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !failedKeys.has(key)));
  const retry = schema.safeParse(rest);
  return retry.success ? retry.data : undefined;
}

/**
 * Checks `input` against an object schema and returns each failing top-level key with its message, for values
 * whose path is not a document path (environment variables).
 *
 * @example
 * readSchemaProblems(connectionSchema, { aws_region_name: "nowhere" }) // Map { "aws_region_name" => '"nowhere" is not a region' }
 */
export function readSchemaProblems(schema: z.ZodType, input: unknown): Map<string, string> {
  const problems = new Map<string, string>();
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    if (key !== undefined && !problems.has(String(key))) problems.set(String(key), issue.message);
  }
  return problems;
}

function toSegment(key: PropertyKey): string | number {
  return typeof key === "number" ? key : String(key);
}

function unknownKeyMessage(path: ConfigPath): string {
  const section = path.length === 0 ? "at the top level" : `in ${formatConfigPath(path)}`;
  return `unknown key ${section}: not a bedrock-gw setting nor a LiteLLM one it accepts (check the spelling)`;
}

/** The message for one zod issue; a schema's own `error` text wins over this. */
function describeIssue(issue: RawIssue): string | undefined {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "required";
    if (issue.expected === "int") return `must be an integer, got ${describeValue(issue.input)}`;
    return `expected ${EXPECTED_NAMES[issue.expected] ?? `a ${issue.expected}`}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "too_small") {
    return `must be ${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "too_big") {
    return `must be ${issue.inclusive === false ? "<" : "≤"} ${String(issue.maximum)}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}; got ${describeValue(issue.input)}`;
  }
  return undefined;
}

const EXPECTED_NAMES: Readonly<Record<string, string>> = { object: "a mapping", record: "a mapping", array: "a list" };

/**
 * Describes a value for a message without ever echoing a long string in full (it may be a secret).
 *
 * @example
 * describeValue(-1)         // "-1"
 * describeValue("us west 2") // '"us west 2"'
 * describeValue([1])        // "a list"
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.length <= 40 ? JSON.stringify(value) : "a long string";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}
