import type { Reply } from "../prompt/compose-reply.js";
import { composeReply } from "../prompt/compose-reply.js";
import { estimateTokens } from "../prompt/estimate-tokens.js";
import type { InputUsage } from "../prompt/prompt-cache.js";
import type { NormalizedPrompt } from "../prompt/prompt-types.js";
import { stripDirectives } from "../faults/read-directives.js";
import { sha256Hex } from "../util/hash-text.js";
import type { OperationContext } from "./operation-types.js";

export interface ToolCall {
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
}

/** A model's deterministic answer with its token accounting, ready to be rendered in any body format. */
export interface ModelAnswer {
  /** the text part; empty when the model only calls a tool */
  text: string;
  toolCall?: ToolCall;
  stopReason: Reply["stopReason"] | "tool_use";
  usage: InputUsage;
  outputTokens: number;
}

/**
 * Answers a normalized prompt: a forced tool is called with the user's text as `query`, otherwise the text reply of
 * `composeReply`. Input usage comes from (and updates) the simulator's prompt cache for this model.
 *
 * @example
 * const answer = computeAnswer(prompt, context);
 */
export function computeAnswer(prompt: NormalizedPrompt, context: OperationContext): ModelAnswer {
  const modelKey = context.model?.baseModelId ?? context.model?.label ?? "unknown";
  const usage = context.promptCache.measure(modelKey, prompt.segments);
  if (prompt.forcedTool) {
    const query = stripDirectives(prompt.lastUserText).trim().slice(0, 200);
    const toolCall: ToolCall = {
      toolUseId: `tooluse_${sha256Hex(`${prompt.forcedTool}|${query}`).slice(0, 22)}`,
      name: prompt.forcedTool,
      input: { query },
    };
    return { text: "", toolCall, stopReason: "tool_use", usage, outputTokens: estimateTokens(JSON.stringify(toolCall.input)) + 10 };
  }
  const reply = composeReply(prompt.lastUserText, prompt.maxTokens);
  return { text: reply.text, stopReason: reply.stopReason, usage, outputTokens: reply.outputTokens };
}
