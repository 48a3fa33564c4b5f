/** One block of a model call's prompt, in the order the model's prompt cache reads them. */
export type PromptBlock = readonly [section: "tools" | "system" | "message", role: string, block: unknown];

type BlockReader = (body: Record<string, unknown>) => PromptBlock[];

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

// A plain-string system prompt or message content has no cache marker of its own, but is part of the prefix.
const asBlocks = (value: unknown): unknown[] => (typeof value === "string" ? [value] : asArray(value));

function readMessages(body: Record<string, unknown>): PromptBlock[] {
  return asArray(body.messages).flatMap((message) => {
    const { role, content } = (typeof message === "object" && message !== null ? message : {}) as { role?: unknown; content?: unknown };
    return asBlocks(content).map((block): PromptBlock => ["message", typeof role === "string" ? role : "", block]);
  });
}

const section = (name: PromptBlock[0], blocks: unknown[]): PromptBlock[] => blocks.map((block) => [name, "", block]);

// Converse: toolConfig.tools, system[], messages[].content[], each with `{ cachePoint }` blocks between.
const readConverse: BlockReader = (body) => {
  const toolConfig = (typeof body.toolConfig === "object" && body.toolConfig !== null ? body.toolConfig : {}) as { tools?: unknown };
  return [...section("tools", asArray(toolConfig.tools)), ...section("system", asBlocks(body.system)), ...readMessages(body)];
};

// InvokeModel: Anthropic Messages (`cache_control` on a block) and Nova (`cachePoint` blocks, as in Converse).
const readInvoke: BlockReader = (body) => [
  ...section("tools", asArray(body.tools)),
  ...section("system", asBlocks(body.system)),
  ...readMessages(body),
];

/** The prompt's wire format: the same blocks in two formats are different prompts to the cache. */
export type PromptFormat = "converse" | "invoke";

const READERS: Readonly<Record<string, { format: PromptFormat; read: BlockReader }>> = {
  Converse: { format: "converse", read: readConverse },
  ConverseStream: { format: "converse", read: readConverse },
  InvokeModel: { format: "invoke", read: readInvoke },
  InvokeModelWithResponseStream: { format: "invoke", read: readInvoke },
};

const isCacheMarker = (block: unknown): boolean =>
  typeof block === "object" && block !== null && ("cachePoint" in block || "cache_control" in block);

/**
 * The cached prefix of a model call's prompt: every block (tools, system, messages in that order) up to and
 * including the last cache point (`{ cachePoint }` block, or a block with `cache_control`), and the prompt format.
 * `undefined` when the operation carries no prompt or the body has no cache point.
 *
 * @example
 * readCachePrefix("Converse", { system: [{ text: "long" }, { cachePoint: { type: "default" } }], messages: [...] })
 * // { format: "converse", blocks: [["system", "", { text: "long" }], ["system", "", { cachePoint: { type: "default" } }]] }
 */
export function readCachePrefix(operation: string, body: unknown): { format: PromptFormat; blocks: PromptBlock[] } | undefined {
  const reader = Object.hasOwn(READERS, operation) ? READERS[operation] : undefined;
  if (reader === undefined || typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const blocks = reader.read(body as Record<string, unknown>);
  const last = blocks.findLastIndex(([, , block]) => isCacheMarker(block));
  return last < 0 ? undefined : { format: reader.format, blocks: blocks.slice(0, last + 1) };
}
