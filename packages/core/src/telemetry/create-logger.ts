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
    options.destination ?? createStdout(),
  );
}

/** bytes gathered before a write (some twenty request lines) */
const STDOUT_MIN_WRITE = 8192;
/** longest a line waits for more */
const STDOUT_MAX_DELAY_MS = 100;

/**
 * Off the request path: lines are written asynchronously, never blocking a request, and several at a time — a write
 * per line costs more than building the line — once 8 KiB have gathered or 100 ms have passed, whichever is first
 * (and on exit, and on `logger.flush()`).
 */
function createStdout(): DestinationStream {
  return createLineDestination(1);
}

/**
 * pino's asynchronous destination (sonic-boom) for a file descriptor, holding lines as bytes. In its default text
 * mode sonic-boom measures the UTF-8 length of its whole pending text on every line, which flattens (copies) it:
 * ~4 KiB copied per line at an 8 KiB batch, a tenth of the gateway's allocation. In buffer mode it keeps a list of
 * chunks and their lengths, so each line is encoded once and the batch is joined once per write. pino itself
 * replaces the stream's `write` the same way when stdout is gone (EPIPE); everything else (flush, exit) is
 * sonic-boom's own.
 *
 * @example
 * const logger = createLogger({ destination: createLineDestination(fd) });
 */
export function createLineDestination(fd: number): DestinationStream {
  const stream = pino.destination({ dest: fd, sync: false, minLength: STDOUT_MIN_WRITE, periodicFlush: STDOUT_MAX_DELAY_MS, contentMode: "buffer" });
  const writeBytes = stream.write;
  stream.write = function writeLine(this: typeof stream, line: string | Uint8Array) {
    return writeBytes.call(this, (typeof line === "string" ? Buffer.from(line, "utf8") : line) as unknown as string);
  };
  return stream;
}

/**
 * The same logger (destination, level, bindings, serializers) without the redaction pass, for lines the gateway
 * builds itself from fields that can hold no secret — the per-request line. Redaction by path walks every field of
 * every line (a wildcard path matches any key), which costs more than writing the line; every other line keeps it.
 * Level changes on `logger` apply to the returned one too (a pino child reads its parent's level methods).
 *
 * @example
 * const requestLog = withoutRedaction(logger);
 * requestLog.info({ requestId, status: 200 }, "request");
 */
export function withoutRedaction(logger: Logger): Logger {
  return typeof logger.child === "function" ? logger.child({}, { redact: [] }) : logger;
}
