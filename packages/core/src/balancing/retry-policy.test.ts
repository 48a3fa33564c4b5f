import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./fixtures/deployments.js";
import type { FailureKind } from "./retry-policy.js";
import { classifyFailure, computeBackoffMs, DEFAULT_BACKOFF, isRetryable, readRetryAfterMs } from "./retry-policy.js";

async function captureError(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("classifyFailure", () => {
  it("classifies Bedrock's modeled exceptions by type, whatever the status", () => {
    const cases: Array<[string, number, FailureKind]> = [
      ["ThrottlingException", 429, "throttle"],
      ["ServiceQuotaExceededException", 400, "throttle"],
      ["ModelNotReadyException", 429, "throttle"],
      ["ModelNotReadyException", 424, "throttle"],
      ["ServiceUnavailableException", 503, "server"],
      ["InternalServerException", 500, "server"],
      ["BadGatewayException", 502, "server"],
      ["ModelTimeoutException", 408, "timeout"],
      ["ValidationException", 400, "client"],
      ["AccessDeniedException", 403, "client"],
      ["ResourceNotFoundException", 404, "client"],
      ["ModelErrorException", 424, "client"],
      ["DependencyFailedException", 424, "client"],
    ];
    for (const [errorType, status, kind] of cases) expect(classifyFailure({ status, errorType }), errorType).toBe(kind);
  });

  it("reads every spelling of the error type: header suffix, shape id, event-stream camelCase", () => {
    expect(classifyFailure({ errorType: "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" })).toBe("throttle");
    expect(classifyFailure({ errorType: "com.amazonaws.bedrockruntime#ServiceUnavailableException" })).toBe("server");
    expect(classifyFailure({ errorType: "modelTimeoutException" })).toBe("timeout");
    expect(classifyFailure({ errorType: "ThrottlingException,Other" })).toBe("throttle");
  });

  it("falls back to the status for unknown or missing types", () => {
    const cases: Array<[number, FailureKind]> = [
      [429, "throttle"],
      [408, "timeout"],
      [504, "timeout"],
      [500, "server"],
      [502, "server"],
      [503, "server"],
      [599, "server"],
      [400, "client"],
      [401, "client"],
      [403, "client"],
      [404, "client"],
      [413, "client"],
    ];
    for (const [status, kind] of cases) {
      expect(classifyFailure({ status }), String(status)).toBe(kind);
      expect(classifyFailure({ status, errorType: "SomethingNewException" }), String(status)).toBe(kind);
    }
  });

  it("reads Node/undici codes on the thrown error and its cause chain", () => {
    const wrap = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
    expect(classifyFailure({ error: wrap("ECONNREFUSED") })).toBe("connection");
    expect(classifyFailure({ error: wrap("ECONNRESET") })).toBe("connection");
    expect(classifyFailure({ error: wrap("ENOTFOUND") })).toBe("connection");
    expect(classifyFailure({ error: wrap("UND_ERR_SOCKET") })).toBe("connection");
    expect(classifyFailure({ error: wrap("UND_ERR_CONNECT_TIMEOUT") })).toBe("connection");
    expect(classifyFailure({ error: wrap("UND_ERR_HEADERS_TIMEOUT") })).toBe("timeout");
    expect(classifyFailure({ error: wrap("UND_ERR_BODY_TIMEOUT") })).toBe("timeout");
    expect(classifyFailure({ error: wrap("ETIMEDOUT") })).toBe("timeout");
    expect(classifyFailure({ error: new DOMException("timed out", "TimeoutError") })).toBe("timeout");
    expect(classifyFailure({ error: new DOMException("aborted", "AbortError") })).toBe("client");
  });

  it("ignores error types and codes that only name Object.prototype members", () => {
    expect(classifyFailure({ errorType: "constructor", status: 400 })).toBe("client");
    expect(classifyFailure({ errorType: "__proto__" })).toBe("server");
    expect(classifyFailure({ error: { code: "toString" } })).toBe("server");
  });

  it("counts an unreadable failure as server, and survives a cause cycle", () => {
    expect(classifyFailure({})).toBe("server");
    expect(classifyFailure({ error: new Error("boom") })).toBe("server");
    expect(classifyFailure({ error: "a string" })).toBe("server");
    const looped: { cause?: unknown } = {};
    looped.cause = looped;
    expect(classifyFailure({ error: looped })).toBe("server");
  });

  it("prefers a response's status over what was thrown, and ignores a non-error status", () => {
    const refused = new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    expect(classifyFailure({ status: 400, error: refused })).toBe("client");
    expect(classifyFailure({ status: 200, error: refused })).toBe("connection");
  });

  it("classifies a real refused connection", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await captureError(() => fetch(`http://127.0.0.1:${port}/`));
    expect(classifyFailure({ error })).toBe("connection");
  });

  it("classifies a real undici headers timeout and an AbortSignal timeout", async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const dispatcher = new Agent({ headersTimeout: 50 });
    try {
      expect(classifyFailure({ error: await captureError(() => undiciFetch(url, { dispatcher })) })).toBe("timeout");
      expect(classifyFailure({ error: await captureError(() => fetch(url, { signal: AbortSignal.timeout(50) })) })).toBe("timeout");
    } finally {
      await dispatcher.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("isRetryable", () => {
  it("retries everything but client errors", () => {
    expect((["throttle", "server", "timeout", "connection", "client"] as const).filter(isRetryable)).toEqual([
      "throttle",
      "server",
      "timeout",
      "connection",
    ]);
  });
});

describe("computeBackoffMs", () => {
  it("uses a 250 ms base, doubling to an 8 s ceiling, with 30 s as the longest Retry-After waited for", () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 250, maxMs: 8000, maxRetryAfterMs: 30_000 });
  });

  it("draws uniformly below min(maxMs, base × 2^(attempt-1)) (full jitter)", () => {
    const almostOne = () => 1 - Number.EPSILON;
    expect([1, 2, 3, 4, 5, 6, 7, 20, 5000].map((attempt) => computeBackoffMs(attempt, { random: almostOne }))).toEqual([
      249, 499, 999, 1999, 3999, 7999, 7999, 7999, 7999,
    ]);
    expect(computeBackoffMs(3, { random: () => 0.5 })).toBe(500);
    expect(computeBackoffMs(3, { random: () => 0 })).toBe(0);
    expect(computeBackoffMs(0, { random: () => 0.5 })).toBe(125);
    expect(computeBackoffMs(2, { random: () => 0.5, baseMs: 100, maxMs: 150 })).toBe(75);
  });

  it("averages half the ceiling over many seeded draws (attempt 3: mean 500 ± 15 ms over 10,000)", () => {
    const random = createSeededRandom(3);
    let sum = 0;
    for (let run = 0; run < 10_000; run++) sum += computeBackoffMs(3, { random }) ?? Number.NaN;
    expect(Math.abs(sum / 10_000 - 500)).toBeLessThanOrEqual(15);
  });

  it("never waits less than Retry-After, adding up to one base interval of jitter", () => {
    expect(computeBackoffMs(1, { random: () => 0, retryAfterMs: 2000 })).toBe(2000);
    expect(computeBackoffMs(6, { random: () => 0.5, retryAfterMs: 2000 })).toBe(2125);
    expect(computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 1.2 })).toBe(127);
    const random = createSeededRandom(8);
    for (let attempt = 1; attempt < 200; attempt++) {
      const wait = computeBackoffMs(attempt, { random, retryAfterMs: 12_000 }) ?? 0;
      expect(wait).toBeGreaterThanOrEqual(12_000);
      expect(wait).toBeLessThan(12_250);
    }
  });

  it("returns undefined for a Retry-After longer than maxRetryAfterMs, and ignores a zero or bad one", () => {
    expect(computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 30_001 })).toBeUndefined();
    expect(computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 30_000 })).toBe(30_125);
    expect(computeBackoffMs(1, { random: () => 0.5, retryAfterMs: 5000, maxRetryAfterMs: 1000 })).toBeUndefined();
    expect(computeBackoffMs(2, { random: () => 0.5, retryAfterMs: 0 })).toBe(250);
    expect(computeBackoffMs(2, { random: () => 0.5, retryAfterMs: Number.NaN })).toBe(250);
  });
});

describe("readRetryAfterMs", () => {
  const now = Date.parse("2026-11-21T10:00:00.000Z");
  it("reads delta-seconds and HTTP dates", () => {
    expect(readRetryAfterMs("2", now)).toBe(2000);
    expect(readRetryAfterMs(" 0.5 ", now)).toBe(500);
    expect(readRetryAfterMs("Sat, 21 Nov 2026 10:00:03 GMT", now)).toBe(3000);
    expect(readRetryAfterMs("Sat, 21 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("returns undefined when absent or unreadable", () => {
    for (const value of [undefined, null, "", "  ", "soon", "-5"]) expect(readRetryAfterMs(value, now), String(value)).toBeUndefined();
  });
});
