import { missingMemberError, patternError, validationError } from "../errors/simulated-error.js";
import { stripDirectives } from "../faults/read-directives.js";
import { composeReply, splitIntoDeltas } from "../prompt/compose-reply.js";
import { createUuid } from "../util/create-uuid.js";
import { sha256Hex } from "../util/hash-text.js";
import type { OperationContext, OperationResult, StreamEvent } from "./operation-types.js";
import type { JsonObject } from "./read-json-body.js";
import { isObject, readArray, readJsonBody, readNumber, readObject, readString } from "./read-json-body.js";

const KNOWLEDGE_BASE_ID = /^[0-9a-zA-Z]{1,10}$/;
const DEFAULT_RESULTS = 5;

function createReferences(knowledgeBaseId: string, query: string, count: number): JsonObject[] {
  const clean = stripDirectives(query).trim();
  const digest = sha256Hex(`${knowledgeBaseId}|${clean}`).slice(0, 8);
  return Array.from({ length: count }, (_, index) => {
    const uri = `s3://simulated-kb-${knowledgeBaseId.toLowerCase()}/doc-${digest}-${index + 1}.txt`;
    return {
      content: { type: "TEXT", text: `Simulated passage ${index + 1} of knowledge base ${knowledgeBaseId} about "${clean.slice(0, 60)}".` },
      location: { type: "S3", s3Location: { uri } },
      metadata: { "x-amz-bedrock-kb-source-uri": uri, "x-amz-bedrock-kb-chunk-id": `${digest}-${index + 1}` },
    };
  });
}

/**
 * Retrieve: `retrievalResults` derived from the query, best score first; `numberOfResults` from the vector search
 * configuration (default 5).
 *
 * @example
 * const result = retrieve(context); // { kind: "json", body: { retrievalResults: [...] } }
 */
export function retrieve(context: OperationContext): OperationResult {
  const knowledgeBaseId = context.labels.knowledgeBaseId ?? "";
  if (!KNOWLEDGE_BASE_ID.test(knowledgeBaseId)) throw patternError("knowledgeBaseId", knowledgeBaseId, "[0-9a-zA-Z]+");
  const input = readJsonBody(context.body);
  const text = readString(readObject(input, "retrievalQuery"), "text");
  if (text === undefined) throw missingMemberError("retrievalQuery");
  const requested = readNumber(readObject(readObject(input, "retrievalConfiguration"), "vectorSearchConfiguration"), "numberOfResults");
  if (requested !== undefined && (requested < 1 || requested > 100)) {
    throw validationError(`1 validation error detected: Value '${requested}' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100`);
  }
  const references = createReferences(knowledgeBaseId, text, requested ?? DEFAULT_RESULTS);
  const retrievalResults = references.map((reference, index) => ({ ...reference, score: Math.round((0.9 - index * 0.05) * 1000) / 1000 }));
  return { kind: "json", body: { retrievalResults } };
}

interface Generation {
  sessionId: string;
  text: string;
  citation: JsonObject;
}

function generate(context: OperationContext): Generation {
  const input = readJsonBody(context.body);
  const question = readString(readObject(input, "input"), "text");
  if (question === undefined) throw missingMemberError("input");
  const configuration = readObject(input, "retrieveAndGenerateConfiguration");
  if (!configuration) throw missingMemberError("retrieveAndGenerateConfiguration");
  const knowledgeBase = readObject(configuration, "knowledgeBaseConfiguration");
  const modelArn = readString(knowledgeBase, "modelArn") ?? readString(readObject(configuration, "externalSourcesConfiguration"), "modelArn");
  if (modelArn !== undefined) context.resolveModel(modelArn);
  const knowledgeBaseId = readString(knowledgeBase, "knowledgeBaseId") ?? "EXTERNAL";
  const text = composeReply(question).text;
  return {
    sessionId: readString(input, "sessionId") ?? createUuid(context.random),
    text,
    citation: {
      generatedResponsePart: { textResponsePart: { text, span: { start: 0, end: text.length - 1 } } },
      retrievedReferences: createReferences(knowledgeBaseId, question, 2),
    },
  };
}

/**
 * RetrieveAndGenerate: `{sessionId, output{text}, citations}`; a new session id when the request has none.
 *
 * @example
 * const result = retrieveAndGenerate(context);
 */
export function retrieveAndGenerate(context: OperationContext): OperationResult {
  const generation = generate(context);
  return { kind: "json", body: { sessionId: generation.sessionId, output: { text: generation.text }, citations: [generation.citation] } };
}

/**
 * RetrieveAndGenerateStream: `output` events with text pieces, then a `citation` event; the session id travels in
 * the `x-amzn-bedrock-knowledge-base-session-id` header.
 *
 * @example
 * const result = retrieveAndGenerateStream(context);
 */
export function retrieveAndGenerateStream(context: OperationContext): OperationResult {
  const generation = generate(context);
  const events: StreamEvent[] = [
    ...splitIntoDeltas(generation.text).map((text) => ({ eventType: "output", payload: { text } })),
    { eventType: "citation", payload: { ...generation.citation, citation: generation.citation } },
  ];
  return { kind: "stream", headers: { "x-amzn-bedrock-knowledge-base-session-id": generation.sessionId }, events, padded: false };
}

const toWords = (text: string): Set<string> => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);

/**
 * Rerank: sources scored by the share of query words they contain, best first, cut to `numberOfResults`.
 *
 * @example
 * const result = rerank(context); // { kind: "json", body: { results: [{ index: 1, relevanceScore: 0.5 }, ...] } }
 */
export function rerank(context: OperationContext): OperationResult {
  const input = readJsonBody(context.body);
  const queries = readArray(input, "queries");
  if (!queries) throw missingMemberError("queries");
  const sources = readArray(input, "sources");
  if (!sources) throw missingMemberError("sources");
  const firstQuery = queries.find(isObject);
  const queryWords = toWords(readString(readObject(firstQuery, "textQuery"), "text") ?? "");
  const scored = sources.map((source, index) => {
    const document = readObject(readObject(isObject(source) ? source : undefined, "inlineDocumentSource"), "textDocument");
    const words = toWords(readString(document, "text") ?? "");
    const shared = [...queryWords].filter((word) => words.has(word)).length;
    return { index, relevanceScore: queryWords.size === 0 ? 0 : Math.round((shared / queryWords.size) * 1e4) / 1e4 };
  });
  scored.sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index);
  const configuration = readObject(readObject(input, "rerankingConfiguration"), "bedrockRerankingConfiguration");
  const limit = readNumber(configuration, "numberOfResults") ?? scored.length;
  return { kind: "json", body: { results: scored.slice(0, limit) } };
}
