import type { z } from "zod";
import { describeValue } from "../config/zod-issues.js";
import { GatewayError } from "../errors/gateway-error.js";
import { UNSUPPORTED_KEY_FIELD_HINTS, UNSUPPORTED_KEY_FIELDS } from "./key-request-schema.js";

/** Management bodies are small; anything bigger is a mistake, refused before parsing. */
const MAX_BODY_BYTES = 1024 * 1024;

type RawIssue = z.core.$ZodRawIssue;

/**
 * Reads and validates the JSON body of a `/key/*` request. Every problem is reported at once in one 400
 * `ValidationException`, each with its field path: unknown fields, LiteLLM fields bedrock-gw does not implement
 * (unless they carry their do-nothing default), and values of the wrong type or range. An empty body is `{}`.
 *
 * @example
 * const fields = await readKeyRequest(request, "/key/generate", generateKeySchema);
 */
export async function readKeyRequest<T extends z.ZodObject>(request: Request, route: string, schema: T): Promise<z.output<T>> {
  const body = await readJsonObject(request, route);
  const problems: string[] = [];
  const known: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (Object.hasOwn(schema.shape, field)) known[field] = value;
    else if (Object.hasOwn(UNSUPPORTED_KEY_FIELDS, field)) {
      if (!isNeutral(value, UNSUPPORTED_KEY_FIELDS[field] ?? [])) problems.push(`${field}: ${describeUnsupported(field)}`);
    } else problems.push(`${field}: unknown field (neither a bedrock-gw nor a LiteLLM ${route} field; check the spelling)`);
  }
  const result = schema.safeParse(known, { error: describeIssue });
  if (!result.success) problems.push(...result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`));
  if (problems.length > 0) throw new GatewayError("bad-request", `invalid ${route} request: ${problems.join("; ")}`);
  return result.data as z.output<T>;
}

async function readJsonObject(request: Request, route: string): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge(route);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge(route);
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new GatewayError("bad-request", `the body of ${route} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GatewayError("bad-request", `the body of ${route} must be a JSON object, not ${describeValue(body)}`);
  }
  return body as Record<string, unknown>;
}

function tooLarge(route: string): GatewayError {
  return new GatewayError("body-too-large", `the body of ${route} is over ${MAX_BODY_BYTES} bytes`);
}

function isNeutral(value: unknown, neutral: readonly unknown[]): boolean {
  const json = JSON.stringify(value);
  return neutral.some((candidate) => JSON.stringify(candidate) === json);
}

function describeUnsupported(field: string): string {
  const hint = UNSUPPORTED_KEY_FIELD_HINTS[field];
  return `a LiteLLM setting bedrock-gw does not implement; leave it out rather than rely on it${hint ? ` (${hint})` : ""}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

const EXPECTED_NAMES: Readonly<Record<string, string>> = { object: "an object", record: "an object", array: "a list", number: "a number", string: "a string", boolean: "true or false" };

/** The message for one zod issue, in the API's words; a schema's own message wins over this. */
function describeIssue(issue: RawIssue): string | undefined {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "required";
    if (issue.expected === "int") return `must be a whole number, got ${describeValue(issue.input)}`;
    return `must be ${EXPECTED_NAMES[issue.expected] ?? `a ${issue.expected}`}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === "too_small" || issue.code === "too_big") {
    const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
    const word = issue.code === "too_small" ? "at least" : "at most";
    if (issue.origin === "string") return issue.code === "too_small" && Number(bound) === 1 ? "must not be empty" : `must be ${word} ${String(bound)} characters`;
    if (issue.origin === "array") return `must have ${word} ${String(bound)} items`;
    const sign = issue.code === "too_small" ? (issue.inclusive === false ? ">" : "≥") : issue.inclusive === false ? "<" : "≤";
    return `must be ${sign} ${String(bound)}, got ${describeValue(issue.input)}`;
  }
  return undefined;
}
