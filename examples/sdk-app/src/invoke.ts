import { InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";

interface AnthropicMessage {
  content: { type: string; text?: string }[];
  usage: { input_tokens: number; output_tokens: number };
}

/**
 * InvokeModel with the model's native body (here Anthropic's Messages format): bytes in, bytes out, exactly what
 * Bedrock takes and returns.
 *
 * @example
 * const text = await invokeClaude(runtime, "claude", "Name three rivers.");
 */
export async function invokeClaude(client: BedrockRuntimeClient, model: string, prompt: string): Promise<string> {
  const output = await client.send(
    new InvokeModelCommand({
      modelId: model,
      contentType: "application/json",
      accept: "application/json",
      body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 300, messages: [{ role: "user", content: prompt }] }),
    }),
  );
  const message = JSON.parse(new TextDecoder().decode(output.body)) as AnthropicMessage;
  return message.content.map((block) => block.text ?? "").join("");
}
