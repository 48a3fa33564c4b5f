import type { IncomingHttpHeaders } from "node:http";

/** Reads one header by lower-case name (several values joined by ", "): web `Headers` satisfies it. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** A request's headers as the gateway reads them: web `Headers` satisfies it, and so does a view of Node's. */
export interface ClientHeaders extends HeaderReader {
  forEach(callback: (value: string, name: string) => void): void;
}

/** Headers as a plain record of lower-case names, the way Node and undici hand them over and take them. */
export type HeaderRecord = Record<string, string | string[] | undefined>;

/**
 * A reader over a record of lower-case header names (Node's `req.headers`, undici's response headers), with no
 * copy: the cheap way to read a few headers of every request.
 *
 * @example
 * readHeaderRecord({ "content-type": "application/json" }).get("content-type") // "application/json"
 */
export function readHeaderRecord(record: HeaderRecord | IncomingHttpHeaders): ClientHeaders {
  return {
    get(name) {
      const value = record[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
    forEach(callback) {
      for (const name in record) {
        const value = record[name];
        if (value !== undefined) callback(Array.isArray(value) ? value.join(", ") : value, name);
      }
    },
  };
}
