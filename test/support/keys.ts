import { expect } from "vitest";
import { MASTER_KEY } from "./fixtures.js";

/** What `POST /key/generate` and `/key/regenerate` answer (the fields the tests read). */
export interface GeneratedKey {
  key: string;
  token: string;
  key_alias: string | null;
  expires: string | null;
  budget_reset_at: string | null;
  [field: string]: unknown;
}

/** One gateway answer, read whole: status, the headers tests look at, and the JSON body. */
export interface GatewayAnswer {
  status: number;
  errorType: string | null;
  retryAfter: string | null;
  requestId: string | null;
  cost: number | undefined;
  json: any;
}

async function toAnswer(response: Response): Promise<GatewayAnswer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = text;
  }
  const cost = response.headers.get("x-bedrock-gw-cost");
  return {
    status: response.status,
    errorType: response.headers.get("x-amzn-errortype"),
    retryAfter: response.headers.get("retry-after"),
    requestId: response.headers.get("x-bedrock-gw-request-id"),
    cost: cost === null ? undefined : Number(cost),
    json,
  };
}

/** A `/key/*` management call (the master key unless `auth` says otherwise; `auth: null` sends no key). */
export async function manageKeys(gatewayUrl: string, method: "GET" | "POST", path: string, body?: unknown, auth: string | null = MASTER_KEY) {
  const response = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(auth === null ? {} : { authorization: `Bearer ${auth}` }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return toAnswer(response);
}

/** `POST /key/generate` with the master key; fails the test unless it answers 200. */
export async function generateKey(gatewayUrl: string, settings: Record<string, unknown> = {}): Promise<GeneratedKey> {
  const answer = await manageKeys(gatewayUrl, "POST", "/key/generate", settings);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json as GeneratedKey;
}

/** A POST under `/bedrock` with a key as `Authorization: Bearer`. */
export async function callBedrock(gatewayUrl: string, key: string, path: string, body: unknown): Promise<GatewayAnswer> {
  const response = await fetch(`${gatewayUrl}/bedrock${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return toAnswer(response);
}

/** A Converse body with one user message (and a `maxTokens` cap when given). */
export function converseBody(text: string, maxTokens?: number): Record<string, unknown> {
  return {
    messages: [{ role: "user", content: [{ text }] }],
    ...(maxTokens === undefined ? {} : { inferenceConfig: { maxTokens } }),
  };
}

/** Asserts a Bedrock-shaped gateway error: status, `x-amzn-ErrorType`, and a message matching `message`. */
export function expectGatewayError(answer: GatewayAnswer, status: number, errorType: string, message?: RegExp): void {
  expect({ status: answer.status, errorType: answer.errorType }, JSON.stringify(answer.json)).toEqual({ status, errorType });
  if (message) expect(answer.json.message).toMatch(message);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Counts answers by status, e.g. `{ 200: 10, 429: 10 }`. */
export function countStatuses(answers: readonly GatewayAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The cost and token count of one `claude` Converse call of `body`, measured with the master key (the simulator is deterministic). */
export async function measureConverse(gatewayUrl: string, body: Record<string, unknown>): Promise<{ cost: number; tokens: number }> {
  const answer = await callBedrock(gatewayUrl, MASTER_KEY, "/model/claude/converse", body);
  expect(answer.status).toBe(200);
  return { cost: answer.cost!, tokens: answer.json.usage.totalTokens as number };
}
