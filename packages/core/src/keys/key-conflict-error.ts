/** Which unique property of a key was taken: its alias, or (a custom or regenerated key) its hash. */
export type KeyConflictField = "keyAlias" | "keyHash";

/**
 * Raised by a `KeyStore` when a key's alias or hash is already used by another key. The management routes turn
 * it into a 400 `ValidationException`.
 *
 * @example
 * await store.createKey(key).catch((error) => isKeyConflictError(error) && error.field === "keyAlias");
 */
export class KeyConflictError extends Error {
  override readonly name = "KeyConflictError";
  readonly field: KeyConflictField;

  constructor(field: KeyConflictField, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = field;
  }
}

/**
 * True when `value` is a KeyConflictError (also across package copies).
 *
 * @example
 * if (isKeyConflictError(error)) return badRequest(error.message);
 */
export function isKeyConflictError(value: unknown): value is KeyConflictError {
  return value instanceof KeyConflictError || (value instanceof Error && value.name === "KeyConflictError" && "field" in value);
}
