import { describe, expect, it } from "vitest";
import type { ModelFamily } from "../types.js";
import type { JsonObject } from "../operations/read-json-body.js";
import { createPromptCache } from "../prompt/prompt-cache.js";
import { composeReply } from "../prompt/compose-reply.js";
import { SimulatedError } from "../errors/simulated-error.js";
import type { FamilyAnswer } from "./family-codec.js";
import { FAMILY_CODECS, resolveFamily } from "./family-codecs.js";

function answerFor(family: ModelFamily, request: JsonObject): { answer: FamilyAnswer; body: JsonObject; chunks: JsonObject[] | undefined } {
  const codec = FAMILY_CODECS[family];
  const prompt = codec.readPrompt(request);
  const usage = createPromptCache(() => 0).measure("m", prompt.segments);
  const reply = composeReply(prompt.lastUserText, prompt.maxTokens);
  const answer: FamilyAnswer = {
    text: codec.embedding ? "" : reply.text,
    stopReason: reply.stopReason,
    usage,
    outputTokens: codec.embedding ? 0 : reply.outputTokens,
    request,
    modelName: "amazon.titan-embed-text-v2:0",
    responseId: "id-1",
    createdSeconds: 1,
  };
  return { answer, body: codec.renderBody(answer), chunks: codec.renderChunks?.(answer) };
}

const textOf = (chunks: JsonObject[] | undefined, read: (chunk: JsonObject) => unknown): string =>
  (chunks ?? []).map((chunk) => String(read(chunk) ?? "")).join("");

describe("FAMILY_CODECS", () => {
  it("Nova mirrors Converse in its body and streams Converse-like chunk objects", () => {
    const { answer, body, chunks } = answerFor("nova", { messages: [{ role: "user", content: [{ text: "hi" }] }], inferenceConfig: { max_new_tokens: 100 } });
    expect(body).toEqual({ output: { message: { role: "assistant", content: [{ text: answer.text }] } }, stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: answer.outputTokens, totalTokens: 1 + answer.outputTokens } });
    expect(chunks?.[0]).toEqual({ messageStart: { role: "assistant" } });
    expect(textOf(chunks, (chunk) => (chunk.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text)).toBe(answer.text);
    expect(Object.keys(chunks!.at(-1)!)).toEqual(["metadata"]);
  });

  it("Titan text counts input and output and reports LENGTH when cut", () => {
    const { answer, body, chunks } = answerFor("titan-text", { inputText: "hello there", textGenerationConfig: { maxTokenCount: 3 } });
    expect(body).toEqual({ inputTextTokenCount: 3, results: [{ tokenCount: 3, outputText: answer.text, completionReason: "LENGTH" }] });
    expect(textOf(chunks, (chunk) => chunk.outputText)).toBe(answer.text);
    expect(chunks!.at(-1)).toMatchObject({ completionReason: "LENGTH", totalOutputTextTokenCount: 3 });
  });

  it("Llama, Mistral (text and chat), Cohere (R and v14) and gpt-oss answer in their own shapes", () => {
    const llama = answerFor("llama", { prompt: "hello", max_gen_len: 512 });
    expect(llama.body).toMatchObject({ generation: llama.answer.text, prompt_token_count: 2, stop_reason: "stop" });
    expect(textOf(llama.chunks, (chunk) => chunk.generation)).toBe(llama.answer.text);

    const mistral = answerFor("mistral", { prompt: "<s>[INST] hi [/INST]" });
    expect(mistral.body).toEqual({ outputs: [{ text: mistral.answer.text, stop_reason: "stop" }] });
    const mistralChat = answerFor("mistral", { messages: [{ role: "user", content: "hi" }] });
    expect(mistralChat.body).toMatchObject({ choices: [{ index: 0, message: { role: "assistant", content: mistralChat.answer.text }, stop_reason: "stop" }] });

    const commandR = answerFor("cohere-command", { message: "hi", chat_history: [{ role: "USER", message: "earlier" }] });
    expect(commandR.body).toMatchObject({ text: commandR.answer.text, finish_reason: "COMPLETE" });
    expect(commandR.chunks!.at(-1)).toMatchObject({ is_finished: true, event_type: "stream-end" });
    const command = answerFor("cohere-command", { prompt: "hi" });
    expect(command.body).toMatchObject({ generations: [{ text: command.answer.text, finish_reason: "COMPLETE" }] });

    const gpt = answerFor("openai", { messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hi" }], max_completion_tokens: 2 });
    expect(gpt.body).toMatchObject({ object: "chat.completion", choices: [{ finish_reason: "length" }], usage: { prompt_tokens: 3, completion_tokens: 2 } });
    expect(gpt.chunks!.at(-1)).toMatchObject({ object: "chat.completion.chunk", choices: [{ finish_reason: "length" }] });
  });

  it("embeddings are deterministic unit vectors and do not stream", () => {
    const titan = answerFor("titan-embed", { inputText: "same text" });
    const again = answerFor("titan-embed", { inputText: "same text" });
    const vector = titan.body.embedding as number[];
    expect(vector).toHaveLength(1024);
    expect(again.body.embedding).toEqual(vector);
    expect(Math.abs(Math.hypot(...vector) - 1)).toBeLessThan(1e-3);
    expect(titan.chunks).toBeUndefined();
    const cohere = answerFor("cohere-embed", { texts: ["a", "b"], input_type: "search_query", embedding_types: ["float"] });
    expect((cohere.body.embeddings as { float: number[][] }).float).toHaveLength(2);
  });

  it("fails like Bedrock on a missing required key, and guesses the family from the body shape", () => {
    expect(() => FAMILY_CODECS.llama.readPrompt({ max_gen_len: 5 })).toThrow(SimulatedError);
    expect(() => FAMILY_CODECS.anthropic.readPrompt({ messages: [] })).toThrow(
      "Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.",
    );
    expect(resolveFamily(undefined, { inputText: "x", textGenerationConfig: {} })).toBe("titan-text");
    expect(resolveFamily(undefined, { texts: [] })).toBe("cohere-embed");
    expect(resolveFamily(undefined, { prompt: "x", max_gen_len: 1 })).toBe("llama");
    expect(resolveFamily("nova", { anthropic_version: "x" })).toBe("nova");
    expect(() => resolveFamily(undefined, { foo: 1 })).toThrow(SimulatedError);
  });
});
