import { SimulatedError, missingMemberError } from "../errors/simulated-error.js";

export type JsonObject = Record<string, unknown>;

/**
 * Parses a JSON request body that must be an object; malformed JSON is a 400 as Bedrock answers it.
 *
 * @example
 * const input = readJsonBody(Buffer.from('{"messages":[]}'));
 */
export function readJsonBody(body: Buffer): JsonObject {
  const text = body.toString("utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SimulatedError("ValidationException", "The request body is not valid JSON.");
  }
  if (!isObject(parsed)) throw new SimulatedError("ValidationException", "The request body must be a JSON object.");
  return parsed;
}

/**
 * Whether a value is a plain JSON object.
 *
 * @example
 * isObject({}); // true
 */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a required member, with Coral's "must not be null" error when it is absent.
 *
 * @example
 * const messages = requireMember(input, "messages");
 */
export function requireMember(input: JsonObject, member: string): unknown {
  const value = input[member];
  if (value === undefined || value === null) throw missingMemberError(member);
  return value;
}

/**
 * Reads an optional string member.
 *
 * @example
 * readString({ a: "x" }, "a"); // "x"
 */
export function readString(input: JsonObject | undefined, member: string): string | undefined {
  const value = input?.[member];
  return typeof value === "string" ? value : undefined;
}

/**
 * Reads an optional object member.
 *
 * @example
 * readObject({ a: {} }, "a"); // {}
 */
export function readObject(input: JsonObject | undefined, member: string): JsonObject | undefined {
  const value = input?.[member];
  return isObject(value) ? value : undefined;
}

/**
 * Reads an optional numeric member.
 *
 * @example
 * readNumber({ maxTokens: 5 }, "maxTokens"); // 5
 */
export function readNumber(input: JsonObject | undefined, member: string): number | undefined {
  const value = input?.[member];
  return typeof value === "number" ? value : undefined;
}

/**
 * Reads an optional array member.
 *
 * @example
 * readArray({ a: [1] }, "a"); // [1]
 */
export function readArray(input: JsonObject | undefined, member: string): unknown[] | undefined {
  const value = input?.[member];
  return Array.isArray(value) ? value : undefined;
}
