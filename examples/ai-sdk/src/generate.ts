import type { AmazonBedrockProvider } from "@ai-sdk/amazon-bedrock";
import { embed, generateText, streamText } from "ai";

/**
 * `generateText` (Bedrock's Converse underneath). `model` is a model group of the gateway or a Bedrock model id.
 *
 * @example
 * const { text } = await answer(bedrock, "claude", "What is Bedrock?");
 */
export async function answer(bedrock: AmazonBedrockProvider, model: string, prompt: string): Promise<{ text: string; outputTokens: number }> {
  const result = await generateText({ model: bedrock(model), prompt, maxRetries: 0 });
  return { text: result.text, outputTokens: result.usage.outputTokens ?? 0 };
}

/**
 * `streamText` (ConverseStream underneath): text deltas go to `onText` as they arrive.
 *
 * @example
 * await streamAnswer(bedrock, "nova", "Tell me a story", (delta) => process.stdout.write(delta));
 */
export async function streamAnswer(bedrock: AmazonBedrockProvider, model: string, prompt: string, onText: (delta: string) => void): Promise<string> {
  const result = streamText({ model: bedrock(model), prompt, maxRetries: 0 });
  let text = "";
  for await (const delta of result.textStream) {
    text += delta;
    onText(delta);
  }
  return text;
}

/**
 * `embed` (InvokeModel on an embedding model underneath), e.g. the `titan-embed` group of `serve --simulate`.
 *
 * @example
 * const vector = await embedText(bedrock, "titan-embed", "hello");
 */
export async function embedText(bedrock: AmazonBedrockProvider, model: string, value: string): Promise<number[]> {
  const result = await embed({ model: bedrock.textEmbeddingModel(model), value, maxRetries: 0 });
  return result.embedding;
}
