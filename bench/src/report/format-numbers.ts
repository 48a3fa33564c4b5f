/**
 * Milliseconds for tables: two decimals below 10 ms, one above; "n/a" for NaN.
 *
 * @example
 * formatMs(0.1234); // "0.12 ms"
 */
export function formatMs(value: number): string {
  if (Number.isNaN(value)) return "n/a";
  return `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)} ms`;
}

/**
 * A signed difference in milliseconds ("+0.12 ms", "-0.03 ms").
 *
 * @example
 * formatAddedMs(0.5); // "+0.50 ms"
 */
export function formatAddedMs(value: number): string {
  if (Number.isNaN(value)) return "n/a";
  return `${value >= 0 ? "+" : ""}${formatMs(value)}`;
}

/**
 * Requests per second, rounded, with thousands separators.
 *
 * @example
 * formatRps(12345.6); // "12,346"
 */
export function formatRps(value: number): string {
  return Number.isNaN(value) ? "n/a" : Math.round(value).toLocaleString("en-US");
}

/**
 * Mebibytes, no decimals; "n/a" when unknown.
 *
 * @example
 * formatMb(87.4); // "87 MB"
 */
export function formatMb(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "n/a" : `${value.toFixed(0)} MB`;
}
