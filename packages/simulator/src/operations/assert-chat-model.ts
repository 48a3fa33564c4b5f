import { validationError } from "../errors/simulated-error.js";
import { CHAT_FAMILIES } from "../models/model-catalog.js";
import type { OperationContext } from "./operation-types.js";

/**
 * Converse and ConverseStream refuse embedding models as Bedrock does.
 *
 * @example
 * assertChatModel(context);
 */
export function assertChatModel(context: OperationContext): void {
  const family = context.model?.family;
  if (family !== undefined && !CHAT_FAMILIES.has(family)) {
    throw validationError("This action doesn't support the model that you provided. Try again with a supported text or chat model.");
  }
}
