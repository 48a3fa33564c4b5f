/** Joins byte chunks into one Uint8Array (Node's native concat; one chunk is returned as it is). */
export function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const joined = Buffer.concat(parts, total);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}
