import { OPERATIONS } from "./operations.js";
import { compilePathTemplate, expandPathTemplate, matchPathTemplate } from "./path-template.js";
import type { PathTemplate } from "./path-template.js";
import { readPathSegments } from "./read-path-segments.js";
import type { MatchedOperation, OperationSpec, PathClassification, RejectedPath } from "./types.js";
import { rememberBounded } from "../internal/remember-bounded.js";

/** Classifies `method` + raw wire path (after the gateway's `/bedrock` prefix, no query string). */
export type PathClassifier = (method: string, path: string) => PathClassification;

interface CompiledOperation {
  spec: OperationSpec;
  template: PathTemplate;
  /** the template's first segment, always a literal */
  root: string;
}

interface CompiledTable {
  byRoot: Map<string, CompiledOperation[]>;
  /** lower-cased first segments of the agent-runtime templates */
  agentRoots: Set<string>;
}

const MAX_ECHOED_PATH = 256;

function compileOperation(spec: OperationSpec): CompiledOperation {
  const template = compilePathTemplate(spec.template, spec.spanningLabel);
  const first = template.parts[0];
  if (first?.kind !== "literal" || first.value === "") {
    throw new Error(`${spec.operation}: path template ${spec.template} must start with a literal segment`);
  }
  const labels = template.parts.flatMap((part) => (part.kind === "label" ? [part.name] : []));
  if (spec.modelLabel !== undefined && !labels.includes(spec.modelLabel)) {
    throw new Error(`${spec.operation}: path template ${spec.template} has no model label {${spec.modelLabel}}`);
  }
  return { spec, template, root: first.value };
}

/** Groups the compiled table by first path segment, so a request is compared only with its own family. */
function compileTable(operations: readonly OperationSpec[]): CompiledTable {
  const byRoot = new Map<string, CompiledOperation[]>();
  const agentRoots = new Set<string>();
  const seen = new Set<string>();
  for (const spec of operations) {
    const key = `${spec.method} ${spec.template}`;
    if (seen.has(key)) throw new Error(`the operation table has ${key} twice`);
    seen.add(key);
    const compiled = compileOperation(spec);
    byRoot.set(compiled.root, [...(byRoot.get(compiled.root) ?? []), compiled]);
    if (spec.service === "bedrock-agent-runtime") agentRoots.add(compiled.root.toLowerCase());
  }
  return { byRoot, agentRoots };
}

/** upstream paths kept per matched operation (one per model id it is sent to); past it the memo starts over */
const MAX_UPSTREAM_PATHS = 32;

function toMatchedOperation({ spec, template }: CompiledOperation, labels: Record<string, string>): MatchedOperation {
  const modelLabel = spec.modelLabel;
  const model = modelLabel === undefined ? undefined : labels[modelLabel];
  // a cached classification serves every call to its path, and each call asks for the path of the deployment it
  // goes to: encoding the labels again each time was a few µs per call
  const upstreamPaths = new Map<string | undefined, string>();
  return {
    kind: "operation",
    spec,
    labels,
    ...(model === undefined ? {} : { model }),
    toUpstreamPath(modelId?: string): string {
      const key = modelLabel === undefined ? undefined : modelId;
      let path = upstreamPaths.get(key);
      if (path === undefined) {
        path = key === undefined ? expandPathTemplate(template, labels) : expandPathTemplate(template, { ...labels, [modelLabel!]: key });
        rememberBounded(upstreamPaths, key, path, MAX_UPSTREAM_PATHS);
      }
      return path;
    },
  };
}

function echoPath(path: string): string {
  return path.length <= MAX_ECHOED_PATH ? path : `${path.slice(0, MAX_ECHOED_PATH)}...`;
}

function rejectUnknown(method: string, path: string, sameTemplate: readonly OperationSpec[]): RejectedPath {
  const hint = sameTemplate.map((spec) => `${spec.method} (${spec.operation})`).join(" or ");
  const suffix = hint === "" ? "" : `; this path takes ${hint}`;
  return { kind: "rejected", status: 404, reason: `Unknown operation ${method} ${echoPath(path)}${suffix}` };
}

/**
 * Builds the path classifier for an operation table (default: every bedrock-runtime and bedrock-agent-runtime
 * operation). The table is compiled once here; classifying is a syntax scan plus a few template comparisons.
 *
 * Rules, in order:
 * 1. the path must be syntactically safe (see `readPathSegments`), else `rejected` 400;
 * 2. method + template match, segment by segment on the decoded segments (never by substring) → `operation`;
 *    a template that matches with another method counts as no match;
 * 3. a path whose first segment (decoded, any case) is an agent-runtime root → `rejected` 404. The roots are the
 *    first segments of the agent-runtime templates: agents, flows, knowledgebases, sessions, retrieveAndGenerate,
 *    retrieveAndGenerateStream, rerank, generateQuery, optimize-prompt, agenticRetrieveStream, tags. The bare
 *    root `/` is refused too;
 * 4. anything else → `unknown-runtime`, forwarded to bedrock-runtime as it is.
 *
 * @example
 * const classify = createPathClassifier();
 * const hit = classify("POST", "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse");
 * // hit.kind === "operation", hit.spec.operation === "Converse", hit.model === "us.anthropic.claude-3-haiku-20240307-v1:0"
 * // hit.toUpstreamPath("anthropic.claude-3-haiku-20240307-v1:0") === "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
 */
export function createPathClassifier(operations: readonly OperationSpec[] = OPERATIONS): PathClassifier {
  const { byRoot, agentRoots } = compileTable(operations);

  return function classifyPath(method: string, path: string): PathClassification {
    const read = readPathSegments(path);
    if (!read.ok) return { kind: "rejected", status: 400, reason: read.reason };
    const root = read.decoded[0] ?? "";
    const sameTemplate: OperationSpec[] = [];
    for (const candidate of byRoot.get(root) ?? []) {
      const labels = matchPathTemplate(candidate.template, read.decoded);
      if (labels === undefined) continue;
      if (candidate.spec.method === method) return toMatchedOperation(candidate, labels);
      sameTemplate.push(candidate.spec);
    }
    if (root === "" || agentRoots.has(root.toLowerCase())) return rejectUnknown(method, path, sameTemplate);
    return { kind: "unknown-runtime", path };
  };
}

/**
 * Classifies a request against the full operation table (a classifier built once at import; it holds no state).
 *
 * @example
 * classifyPath("PUT", "/sessions/");                        // CreateSession
 * classifyPath("PATCH", "/sessions/abc");                   // EndSession (no trailing slash)
 * classifyPath("POST", "/model/x/some-future-action");       // { kind: "unknown-runtime", path: "/model/x/some-future-action" }
 * classifyPath("POST", "/agents/x/foo");                     // { kind: "rejected", status: 404, reason: "Unknown operation POST /agents/x/foo" }
 * classifyPath("POST", "/model/%2e%2e/converse");             // { kind: "rejected", status: 400, reason: "Invalid path: ..." }
 */
export const classifyPath: PathClassifier = createPathClassifier();

/** path classifications kept per method by `createCachedPathClassifier`; past it that method's cache starts over */
const MAX_CACHED_PATHS = 1000;

/**
 * A classifier that keeps its answers: a gateway sees the same few paths over and over, and classifying one is a
 * syntax scan, a decode per segment and template comparisons. The answers are shared between calls, so they are
 * read, never changed (the gateway only reads them).
 *
 * @example
 * const classify = createCachedPathClassifier();
 * classify("POST", "/model/m/converse") === classify("POST", "/model/m/converse"); // true
 */
export function createCachedPathClassifier(classify: PathClassifier = classifyPath, maxPerMethod = MAX_CACHED_PATHS): PathClassifier {
  const byMethod = new Map<string, Map<string, PathClassification>>();
  return (method, path) => {
    let paths = byMethod.get(method);
    if (paths === undefined) {
      paths = new Map();
      byMethod.set(method, paths);
    }
    let classified = paths.get(path);
    if (classified === undefined) {
      classified = classify(method, path);
      rememberBounded(paths, path, classified, maxPerMethod);
    }
    return classified;
  };
}

