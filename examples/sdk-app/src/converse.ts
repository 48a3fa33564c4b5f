import { ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { getGatewayMetadata } from "@bedrock-gw/client";
import type { GatewayMetadata } from "@bedrock-gw/client";

export interface Answer {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** the gateway's request id, cost (USD) and overhead */
  gateway: GatewayMetadata | undefined;
}

/**
 * One question, one answer (Converse). `model` is a model group of the gateway's config, or any Bedrock model id.
 *
 * @example
 * const answer = await ask(runtime, "claude", "What is Bedrock?");
 * console.log(answer.text, answer.gateway?.cost);
 */
export async function ask(client: BedrockRuntimeClient, model: string, question: string): Promise<Answer> {
  const output = await client.send(
    new ConverseCommand({ modelId: model, messages: [{ role: "user", content: [{ text: question }] }], inferenceConfig: { maxTokens: 300 } }),
  );
  return {
    text: output.output?.message?.content?.map((block) => block.text ?? "").join("") ?? "",
    inputTokens: output.usage?.inputTokens ?? 0,
    outputTokens: output.usage?.outputTokens ?? 0,
    gateway: getGatewayMetadata(output),
  };
}

/**
 * Streams an answer (ConverseStream), handing each text delta to `onText` as it arrives; resolves to the whole text.
 *
 * @example
 * await streamAnswer(runtime, "nova", "Tell me a story", (delta) => process.stdout.write(delta));
 */
export async function streamAnswer(
  client: BedrockRuntimeClient,
  model: string,
  question: string,
  onText: (delta: string) => void,
): Promise<{ text: string; outputTokens: number; requestId: string | undefined }> {
  const output = await client.send(new ConverseStreamCommand({ modelId: model, messages: [{ role: "user", content: [{ text: question }] }] }));
  let text = "";
  let outputTokens = 0;
  for await (const event of output.stream ?? []) {
    const delta = event.contentBlockDelta?.delta?.text;
    if (delta) {
      text += delta;
      onText(delta);
    }
    outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
  }
  return { text, outputTokens, requestId: getGatewayMetadata(output)?.requestId };
}
