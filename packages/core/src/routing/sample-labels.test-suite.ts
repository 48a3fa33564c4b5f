// Shared by the routing tests: realistic label values for every label of the operation table, and a path builder.
import type { OperationSpec } from "./types.js";

const SAMPLE_LABELS: Readonly<Record<string, string>> = {
  modelId: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
  guardrailIdentifier: "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1234abcd",
  guardrailVersion: "DRAFT",
  invocationArn: "arn:aws:bedrock:us-east-1:123456789012:async-invoke/abcdefghijkl",
  resourceArn: "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/ALIAS12345",
  sessionIdentifier: "arn:aws:bedrock:us-east-1:123456789012:session/SESSION123",
  sessionId: "session:1.a_b-c",
  flowIdentifier: "arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456",
  flowAliasIdentifier: "TSTALIASID",
  executionIdentifier: "exec-0f1e2d3c",
  agentId: "AGENT12345",
  agentAliasId: "ALIAS12345",
  knowledgeBaseId: "KB12345678",
  dataSourceId: "DS12345678",
  documentId: "doc/with spaces(1)",
  invocationStepId: "3f0c0d1e-aaaa-bbbb-cccc-0123456789ab",
};

/** A sample value for a label; labels not listed get a value that needs encoding, so new rows test encoding too. */
export function sampleLabel(name: string): string {
  return SAMPLE_LABELS[name] ?? `sample ${name} (1)!`;
}

/** The labels of a template, in order. */
export function readTemplateLabels(template: string): string[] {
  return [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? "");
}

/** Sample values for every label of `spec`. */
export function sampleLabels(spec: OperationSpec): Record<string, string> {
  return Object.fromEntries(readTemplateLabels(spec.template).map((name) => [name, sampleLabel(name)]));
}

/** Fills a template's labels with `encode(value)` (identity = raw, as curl would send it). */
export function fillTemplate(template: string, labels: Record<string, string>, encode: (value: string) => string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encode(labels[name] ?? ""));
}
