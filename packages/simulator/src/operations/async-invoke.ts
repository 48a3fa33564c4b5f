import { SimulatedError, missingMemberError, patternError, validationError } from "../errors/simulated-error.js";
import type { AsyncInvokeView } from "../state/async-invoke-store.js";
import type { OperationContext, OperationResult } from "./operation-types.js";
import { readJsonBody, readObject, readString } from "./read-json-body.js";

const INVOCATION_ARN = /^arn:[a-z0-9-]+:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:async-invoke\/[a-z0-9]{12}$/;
const MAX_RESULTS_LIMIT = 1000;

const toIso = (epochMs: number): string => new Date(epochMs).toISOString();

function toSummary(job: AsyncInvokeView): Record<string, unknown> {
  return {
    invocationArn: job.invocationArn,
    modelArn: job.modelArn,
    ...(job.clientRequestToken ? { clientRequestToken: job.clientRequestToken } : {}),
    status: job.status,
    submitTime: toIso(job.submitTime),
    lastModifiedTime: toIso(job.lastModifiedTime),
    ...(job.endTime !== undefined ? { endTime: toIso(job.endTime) } : {}),
    outputDataConfig: job.outputDataConfig,
  };
}

/**
 * StartAsyncInvoke: the model is in the body; answers `{invocationArn}` (idempotent on `clientRequestToken`).
 *
 * @example
 * const result = startAsyncInvoke(context); // { kind: "json", body: { invocationArn: "arn:aws:bedrock:..." } }
 */
export function startAsyncInvoke(context: OperationContext): OperationResult {
  const input = readJsonBody(context.body);
  const modelId = readString(input, "modelId");
  if (modelId === undefined) throw missingMemberError("modelId");
  if (input.modelInput === undefined) throw missingMemberError("modelInput");
  const s3Uri = readString(readObject(readObject(input, "outputDataConfig"), "s3OutputDataConfig"), "s3Uri");
  if (s3Uri === undefined) throw missingMemberError("outputDataConfig");
  if (!s3Uri.startsWith("s3://")) throw patternError("outputDataConfig.s3OutputDataConfig.s3Uri", s3Uri, "s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?");
  const model = context.resolveModel(modelId);
  const modelArn = model.kind === "arn" ? model.label : `arn:aws:bedrock:${context.region}::foundation-model/${model.baseModelId ?? modelId}`;
  const clientRequestToken = readString(input, "clientRequestToken");
  const job = context.asyncInvokes.start({
    region: context.region,
    modelArn,
    ...(clientRequestToken ? { clientRequestToken } : {}),
    outputDataConfig: input.outputDataConfig,
  });
  return { kind: "json", body: { invocationArn: job.invocationArn } };
}

/**
 * GetAsyncInvoke: one job with ISO-8601 timestamps; unknown ARNs are a 404.
 *
 * @example
 * const result = getAsyncInvoke(context);
 */
export function getAsyncInvoke(context: OperationContext): OperationResult {
  const arn = context.labels.invocationArn ?? "";
  if (!INVOCATION_ARN.test(arn)) throw patternError("invocationArn", arn, INVOCATION_ARN.source);
  const job = context.asyncInvokes.get(arn);
  if (!job) throw new SimulatedError("ResourceNotFoundException", `The async invocation ${arn} was not found.`);
  return { kind: "json", body: toSummary(job) };
}

function readMaxResults(query: URLSearchParams): number {
  const text = query.get("maxResults");
  if (text === null) return MAX_RESULTS_LIMIT;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_RESULTS_LIMIT) {
    throw validationError(`1 validation error detected: Value '${text}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${MAX_RESULTS_LIMIT}`);
  }
  return value;
}

function readTimeFilter(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw validationError(`The ${name} value '${text}' is not a valid ISO-8601 timestamp.`);
  return value;
}

function readNextToken(query: URLSearchParams): number {
  const token = query.get("nextToken");
  if (token === null) return 0;
  const start = Number(Buffer.from(token, "base64").toString("utf8"));
  if (!Number.isInteger(start) || start < 0) throw validationError("The provided nextToken is invalid.");
  return start;
}

/**
 * ListAsyncInvokes: filters (`statusEquals`, `submitTimeAfter`, `submitTimeBefore`), `sortOrder`, and paging with
 * `maxResults`/`nextToken`.
 *
 * @example
 * const result = listAsyncInvokes(context); // { kind: "json", body: { asyncInvokeSummaries: [...] } }
 */
export function listAsyncInvokes(context: OperationContext): OperationResult {
  const { query } = context;
  const status = query.get("statusEquals");
  const after = readTimeFilter(query, "submitTimeAfter");
  const before = readTimeFilter(query, "submitTimeBefore");
  const maxResults = readMaxResults(query);
  const start = readNextToken(query);
  const jobs = context.asyncInvokes
    .list()
    .filter((job) => (status === null || job.status === status) && (after === undefined || job.submitTime > after) && (before === undefined || job.submitTime < before));
  if (query.get("sortOrder") !== "Ascending") jobs.reverse();
  const page = jobs.slice(start, start + maxResults);
  const next = start + maxResults < jobs.length ? Buffer.from(String(start + maxResults)).toString("base64") : undefined;
  return { kind: "json", body: { asyncInvokeSummaries: page.map(toSummary), ...(next ? { nextToken: next } : {}) } };
}
