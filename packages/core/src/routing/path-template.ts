import { encodeLabel } from "./encode-label.js";

export type TemplatePart = { kind: "literal"; value: string } | { kind: "label"; name: string };

/** A Smithy path template split into segments once, ready to match decoded path segments. */
export interface PathTemplate {
  readonly template: string;
  readonly parts: readonly TemplatePart[];
  /** index in `parts` of the label that may span several segments, -1 when there is none */
  readonly spanIndex: number;
}

const LABEL = /^\{([A-Za-z][A-Za-z0-9]*)\}$/;
const LITERAL = /^[A-Za-z0-9\-._~]*$/;

function compilePart(part: string, template: string, isLast: boolean): TemplatePart {
  const label = LABEL.exec(part);
  if (label?.[1] !== undefined) return { kind: "label", name: label[1] };
  if (part === "" && !isLast) throw new Error(`path template ${template} has an empty segment`);
  if (!LITERAL.test(part)) throw new Error(`path template ${template}: "${part}" is neither a label nor a plain literal`);
  return { kind: "literal", value: part };
}

/**
 * Compiles a Smithy path template (`/model/{modelId}/converse`, trailing slash significant). Labels are never
 * greedy; `spanningLabel`, when given, names the one label allowed to absorb several raw segments.
 * Throws on a malformed template, so a bad table row fails at start-up.
 *
 * @example
 * compilePathTemplate("/async-invoke/{invocationArn}", "invocationArn").spanIndex; // 1
 */
export function compilePathTemplate(template: string, spanningLabel?: string): PathTemplate {
  if (!template.startsWith("/")) throw new Error(`path template ${template} must start with "/"`);
  const pieces = template.slice(1).split("/");
  const parts = pieces.map((piece, i) => compilePart(piece, template, i === pieces.length - 1));
  const names = parts.flatMap((part) => (part.kind === "label" ? [part.name] : []));
  if (new Set(names).size !== names.length) throw new Error(`path template ${template} repeats a label`);
  const spanIndex = parts.findIndex((part) => part.kind === "label" && part.name === spanningLabel);
  if (spanningLabel !== undefined && spanIndex === -1) {
    throw new Error(`path template ${template} has no label {${spanningLabel}}`);
  }
  return { template, parts, spanIndex };
}

/** True when `segment` can fill `part`: a literal must equal it, a label must not be empty. */
function fitsPart(part: TemplatePart, segment: string): boolean {
  return part.kind === "literal" ? part.value === segment : segment !== "";
}

/**
 * Matches decoded path segments against a compiled template and returns the labels (decoded), or `undefined`.
 * Literal parts are compared case-sensitively. The spanning label takes every segment between the parts before it
 * and the parts after it (anchored at both ends, so there is exactly one way to match), joined with `/`.
 *
 * @example
 * const t = compilePathTemplate("/model/{modelId}/converse", "modelId");
 * matchPathTemplate(t, ["model", "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile", "abc", "converse"]);
 * // { modelId: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc" }
 */
export function matchPathTemplate(template: PathTemplate, segments: readonly string[]): Record<string, string> | undefined {
  const { parts, spanIndex } = template;
  const extra = segments.length - parts.length;
  if (spanIndex === -1 ? extra !== 0 : extra < 0) return undefined;
  for (let i = 0; i < parts.length; i++) {
    if (i === spanIndex) {
      for (let j = i; j <= i + extra; j++) if (segments[j] === "") return undefined;
      continue;
    }
    if (!fitsPart(parts[i] as TemplatePart, segments[i > spanIndex ? i + extra : i] ?? "")) return undefined;
  }
  const labels: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as TemplatePart;
    if (part.kind === "literal") continue;
    labels[part.name] =
      i === spanIndex ? segments.slice(i, i + extra + 1).join("/") : (segments[i > spanIndex ? i + extra : i] ?? "");
  }
  return Object.freeze(labels);
}

/**
 * Builds a path from a compiled template: literals as they are, every label encoded as ONE segment the way the AWS
 * SDK does (`encodeLabel`), the trailing slash kept. Throws when a label is missing or empty.
 *
 * @example
 * expandPathTemplate(compilePathTemplate("/model/{modelId}/converse"), { modelId: "cohere.command-r-v1:0" });
 * // "/model/cohere.command-r-v1%3A0/converse"
 */
export function expandPathTemplate(template: PathTemplate, labels: Readonly<Record<string, string>>): string {
  let path = "";
  for (const part of template.parts) {
    if (part.kind === "literal") {
      path += `/${part.value}`;
      continue;
    }
    const value = labels[part.name];
    if (value === undefined) throw new Error(`no value for label {${part.name}} of ${template.template}`);
    path += `/${encodeLabel(value)}`;
  }
  return path;
}
