import { z } from "zod";
import { readEnvLayer } from "../../packages/core/src/config/connection-layers.js";
import type { ConnectionKey } from "../../packages/core/src/config/litellm-params-schema.js";
import {
  IGNORED_PARAMS,
  bedrockDefaultsSchema,
  connectionShape,
  deploymentParamsSchema,
  deploymentSchema,
  modelInfoSchema,
} from "../../packages/core/src/config/litellm-params-schema.js";
import {
  IGNORED_GENERAL,
  IGNORED_ROUTER,
  IGNORED_SECTIONS,
  generalSettingsSchema,
  rootSchema,
  routerSettingsSchema,
} from "../../packages/core/src/config/settings-schema.js";
import type { SectionDocs } from "./field-docs.js";
import {
  BEDROCK_DEFAULTS_DOCS,
  DEPLOYMENT_DOCS,
  DEPLOYMENT_PARAMS_DOCS,
  GENERAL_SETTINGS_DOCS,
  MODEL_INFO_DOCS,
  ROOT_DOCS,
  ROUTER_SETTINGS_DOCS,
} from "./field-docs.js";

/** One section of the config: its path in the file, its schema and what its keys do. */
export interface ConfigSection {
  path: string;
  schema: { shape: Record<string, z.ZodType> };
  docs: SectionDocs;
  intro: string;
}

// The LiteLLM keys that the schemas accept and ignore, as the schemas' own tables list them.
const IGNORED_KEYS = new Set<string>([...IGNORED_PARAMS, ...IGNORED_GENERAL, ...IGNORED_ROUTER, ...IGNORED_SECTIONS]);

export const CONFIG_SECTIONS: ConfigSection[] = [
  { path: "(top level)", schema: rootSchema, docs: ROOT_DOCS, intro: "The sections of the file; each is checked by its own schema." },
  { path: "model_list[]", schema: deploymentSchema, docs: DEPLOYMENT_DOCS, intro: "One deployment." },
  {
    path: "model_list[].litellm_params",
    schema: deploymentParamsSchema,
    docs: DEPLOYMENT_PARAMS_DOCS,
    intro: "The model, its connection (what a key leaves out comes from `bedrock_defaults`, then the environment), limits and prices.",
  },
  { path: "model_list[].model_info", schema: modelInfoSchema, docs: MODEL_INFO_DOCS, intro: "Free-form apart from these keys." },
  {
    path: "bedrock_defaults",
    schema: bedrockDefaultsSchema,
    docs: BEDROCK_DEFAULTS_DOCS,
    intro: "Connection settings for raw model ids and model-less calls; whatever it leaves out comes from the environment.",
  },
  { path: "general_settings", schema: generalSettingsSchema, docs: GENERAL_SETTINGS_DOCS, intro: "The gateway itself." },
  { path: "router_settings", schema: routerSettingsSchema, docs: ROUTER_SETTINGS_DOCS, intro: "How calls are spread over a group's deployments." },
];

type JsonSchema = { type?: string; enum?: unknown[]; const?: unknown; not?: unknown; minimum?: number; exclusiveMinimum?: number; items?: JsonSchema };
type FieldKind = { kind: "field"; type: string } | { kind: "ignored" } | { kind: "refused"; reason: string };

/** What the schema says about one key: its type and bounds, or that it is accepted and ignored, or refused (and why). */
function classifyField(field: z.ZodType): FieldKind {
  const json = z.toJSONSchema(field, { io: "output", unrepresentable: "any" }) as JsonSchema;
  if (json.not !== undefined) {
    const result = field.safeParse("any value");
    return { kind: "refused", reason: result.success ? "refused" : (result.error.issues[0]?.message ?? "refused") };
  }
  if (json.type === undefined && json.enum === undefined && json.const === undefined) return { kind: "ignored" };
  return { kind: "field", type: describeType(json) };
}

function describeType(json: JsonSchema): string {
  if (json.const !== undefined) return `\`${JSON.stringify(json.const)}\` only`;
  if (json.enum) return json.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  const bounds: string[] = [];
  if (json.exclusiveMinimum !== undefined) bounds.push(`> ${json.exclusiveMinimum}`);
  else if (json.minimum !== undefined) bounds.push(`≥ ${json.minimum}`);
  if (json.type === "array") return `list${json.items?.type ? ` of ${json.items.type}` : ""}`;
  return [json.type ?? "any", ...bounds].join(" ");
}

function renderSection(section: ConfigSection, problems: string[]): string {
  const rows: string[] = [];
  const ignored: string[] = [];
  const refused = new Map<string, string[]>();
  for (const [key, field] of Object.entries(section.schema.shape)) {
    const kind = classifyField(field);
    const doc = section.docs[key];
    if (kind.kind === "refused") {
      refused.set(kind.reason, [...(refused.get(kind.reason) ?? []), key]);
    } else if (kind.kind === "ignored" && doc === undefined && IGNORED_KEYS.has(key)) {
      ignored.push(`\`${key}\``);
    } else if (doc === undefined) {
      problems.push(`${section.path}.${key} has no entry in scripts/config-reference/field-docs.ts`);
    } else {
      const type = kind.kind === "field" ? kind.type : (doc.type ?? "any");
      rows.push(`| \`${key}\` | ${type} | ${doc.default ?? ""} | ${escapeCell(doc.text)} |`);
    }
  }
  for (const key of Object.keys(section.docs)) {
    if (!(key in section.schema.shape)) problems.push(`${section.path}.${key} is documented but not in the schema`);
  }
  const refusedRows = [...refused].map(([reason, keys]) => `| ${keys.map((key) => `\`${key}\``).join(", ")} | ${escapeCell(reason)} |`);
  return [
    `## \`${section.path}\``,
    "",
    section.intro,
    "",
    "| key | type | default | what it does |",
    "|---|---|---|---|",
    ...rows,
    ...(ignored.length > 0 ? ["", `Accepted and ignored (LiteLLM keys that change nothing here): ${ignored.join(", ")}.`] : []),
    ...(refusedRows.length > 0 ? ["", "Refused, with this message:", "", "| key | why |", "|---|---|", ...refusedRows] : []),
  ].join("\n");
}

const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The environment variables read for each connection key, in precedence order, found by asking the code itself:
 * `readEnvLayer` runs once on an environment that records every name read, once per name to see which key it
 * sets, then with a key's remaining names all set to see which one wins (its `pathOf` names the variable used).
 */
function readConnectionEnvNames(): Map<ConnectionKey, string[]> {
  const read: string[] = [];
  readEnvLayer(new Proxy({}, { get: (_, name) => (typeof name === "string" && read.push(name), undefined) }), false);
  const keys = Object.keys(connectionShape) as ConnectionKey[];
  const setters = new Map<ConnectionKey, string[]>();
  for (const name of new Set(read)) {
    const layer = readEnvLayer({ [name]: `${name} probe` }, false);
    for (const key of keys) {
      if (layer.values[key] !== undefined || layer.problems[key] !== undefined) setters.set(key, [...(setters.get(key) ?? []), name]);
    }
  }
  const ordered = new Map<ConnectionKey, string[]>();
  for (const [key, names] of setters) {
    const remaining = [...names];
    const order: string[] = [];
    while (remaining.length > 0) {
      const layer = readEnvLayer(Object.fromEntries(remaining.map((name) => [name, `${name} probe`])), false);
      const winner = remaining.find((name) => layer.pathOf(key) === `environment ${name}`) ?? remaining[0]!;
      order.push(winner);
      remaining.splice(remaining.indexOf(winner), 1);
    }
    ordered.set(key, order);
  }
  return ordered;
}

function renderEnvironment(): string {
  const byKey = readConnectionEnvNames();
  const rows = (Object.keys(connectionShape) as ConnectionKey[])
    .filter((key) => byKey.has(key))
    .map((key) => `| \`${key}\` | ${byKey.get(key)!.map((name) => `\`${name}\``).join(", ")} |`);
  return [
    "## Connection settings from the environment",
    "",
    "What a deployment and `bedrock_defaults` leave out is read from these variables (the first one set wins), then from the AWS SDK's default credential chain. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns off the `AWS_ENDPOINT_URL*` ones.",
    "",
    "| key | environment variables |",
    "|---|---|",
    ...rows,
  ].join("\n");
}

/**
 * docs/config-reference.md, generated from the config's zod schemas and the field descriptions. Throws, listing
 * every problem, when a schema key has no description or a description names a key the schema does not have.
 *
 * @example
 * writeFileSync("docs/config-reference.md", renderConfigReference());
 */
export function renderConfigReference(sections: readonly ConfigSection[] = CONFIG_SECTIONS): string {
  const problems: string[] = [];
  const rendered = sections.map((section) => renderSection(section, problems));
  if (problems.length > 0) throw new Error(`The config reference is out of step with the schemas:\n  ${problems.join("\n  ")}`);
  return [
    "<!-- Generated by `npm run docs:config` (scripts/generate-config-reference.ts) from packages/core/src/config/*-schema.ts. Do not edit by hand. -->",
    "",
    "# Config reference",
    "",
    "bedrock-gw reads LiteLLM's YAML config (`model_list`, `litellm_params`, `general_settings`, `router_settings`) plus its own `bedrock_defaults`. Any string value may be `os.environ/NAME` to read the environment. Keys of LiteLLM that change nothing for a Bedrock pass-through are accepted and ignored, so LiteLLM configs load unchanged; keys whose effect bedrock-gw cannot reproduce are refused with what to do instead, and any other unknown key is an error (a typo never passes silently). `npx bedrock-gw config check --config FILE` validates a file and prints what it resolved to.",
    "",
    ...rendered.flatMap((section) => [section, ""]),
    renderEnvironment(),
    "",
  ].join("\n");
}
