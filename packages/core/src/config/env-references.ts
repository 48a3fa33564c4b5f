import type { ConfigPath } from "./config-error.js";

const PREFIX = "os.environ/";
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An `os.environ/NAME` reference that could not be read. */
export interface EnvReferenceProblem {
  path: ConfigPath;
  /** the variable name; undefined when the reference itself is malformed */
  name?: string;
  message: string;
}

export interface EnvReferenceResult {
  /** a copy of the input with every reference replaced by its value; an unreadable one is left out */
  value: unknown;
  problems: EnvReferenceProblem[];
}

/**
 * Replaces every `os.environ/NAME` string (LiteLLM's way of reading the environment) with the value of `NAME`
 * in `env`, anywhere in a parsed YAML tree. A variable that is not set is a problem at that path; the value is
 * then left out, so the schema does not report the same field twice.
 *
 * @example
 * resolveEnvReferences({ master_key: "os.environ/KEY" }, { KEY: "sk-1" })
 * // { value: { master_key: "sk-1" }, problems: [] }
 */
export function resolveEnvReferences(
  tree: unknown,
  env: Readonly<Record<string, string | undefined>>,
  options: EnvReferenceOptions = {},
): EnvReferenceResult {
  const problems: EnvReferenceProblem[] = [];
  const context: VisitContext = { env, problems, shouldResolve: options.shouldResolve ?? (() => true) };
  const value = visit(tree, [...(options.basePath ?? [])], context);
  return { value, problems };
}

export interface EnvReferenceOptions {
  /** the path of `tree` inside the document, for messages */
  basePath?: ConfigPath;
  /** references at paths where this is false are left as written */
  shouldResolve?: (path: ConfigPath) => boolean;
}

interface VisitContext {
  env: Readonly<Record<string, string | undefined>>;
  problems: EnvReferenceProblem[];
  shouldResolve: (path: ConfigPath) => boolean;
}

function visit(node: unknown, path: Array<string | number>, context: VisitContext): unknown {
  if (typeof node === "string") {
    return context.shouldResolve(path) ? readReference(node, path, context.env, context.problems) : node;
  }
  if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index], context));
  if (isPlainObject(node)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) {
      const resolved = visit(item, [...path, key], context);
      if (resolved !== undefined) copy[key] = resolved;
    }
    return copy;
  }
  return node;
}

function readReference(
  text: string,
  path: ConfigPath,
  env: Readonly<Record<string, string | undefined>>,
  problems: EnvReferenceProblem[],
): string | undefined {
  if (!text.startsWith(PREFIX)) return text;
  const name = text.slice(PREFIX.length);
  if (!NAME.test(name)) {
    problems.push({ path, message: `${JSON.stringify(text)} is not a valid os.environ/NAME reference` });
    return undefined;
  }
  const value = env[name];
  if (value === undefined) {
    problems.push({ path, name, message: `environment variable ${name} is not set` });
    return undefined;
  }
  return value;
}

/**
 * True for a plain `{...}` object (what YAML mappings parse to), false for arrays, null and class instances.
 *
 * @example
 * isPlainObject({ a: 1 }) // true
 * isPlainObject([1])      // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
