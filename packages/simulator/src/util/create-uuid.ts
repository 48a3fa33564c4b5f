/**
 * A version-4 UUID built from the injected random source, so request ids are reproducible in tests.
 *
 * @example
 * createUuid(() => 0.5); // "80808080-8080-4080-8080-808080808080"
 */
export function createUuid(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A lower-case alphanumeric id of the given length from the injected random source.
 *
 * @example
 * createAlphanumericId(() => 0, 4); // "aaaa"
 */
export function createAlphanumericId(random: () => number, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? "a").join("");
}
