export type CacheTtl = "5m" | "1h";

/** A piece of the input in prompt order (tools, system, messages); `cachePoint` marks a cache breakpoint after it. */
export interface PromptSegment {
  text: string;
  cachePoint?: CacheTtl;
}

/** What every request reader extracts, whatever the body format. */
export interface NormalizedPrompt {
  segments: PromptSegment[];
  /** the text the reply is derived from */
  lastUserText: string;
  maxTokens?: number;
  /** a tool the model must call (Converse `toolChoice` any/tool, Anthropic `tool_choice` any/tool) */
  forcedTool?: string;
}
