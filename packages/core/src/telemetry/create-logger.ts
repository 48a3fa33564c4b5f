import { pino } from "pino";
import type { Logger, DestinationStream } from "pino";

export type { Logger };

export interface LoggerOptions {
  /** pino level (default `info`, env LOG_LEVEL via the caller) */
  level?: string;
  /** where lines go (default stdout) */
  destination?: DestinationStream;
}

/**
 * The gateway's structured JSON logger (pino). Secrets are redacted by path as a second line of defence; the
 * request log line itself never carries keys or payloads.
 *
 * @example
 * const logger = createLogger({ level: "info" });
 * logger.info({ requestId, status: 200 }, "request");
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      redact: {
        paths: ["key", "apiKey", "masterKey", "authorization", "headers.authorization", "*.secretAccessKey", "*.sessionToken"],
        censor: "[redacted]",
      },
    },
    // off the request path: lines are written asynchronously, never blocking a request (flushed on exit and by `logger.flush()`)
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
