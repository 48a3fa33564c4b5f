/**
 * Formats epoch milliseconds as SigV4's basic ISO-8601 form.
 *
 * @example
 * formatAmzDate(Date.UTC(2024, 2, 12, 14, 16, 10)); // "20240312T141610Z"
 */
export function formatAmzDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * Parses SigV4's `YYYYMMDDTHHMMSSZ`; undefined when the text is not in that form.
 *
 * @example
 * parseAmzDate("20240312T141610Z"); // 1710252970000
 */
export function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(epochMs) ? undefined : epochMs;
}
