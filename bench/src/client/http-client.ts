import type { Protocol } from "../options/bench-presets.js";

/** One request as the load generator sends it: prepared (signed) once, sent many times. */
export interface BenchRequest {
  path: string;
  /** lower-case names; `host` becomes `:authority` on h2c */
  headers: Record<string, string>;
  body: Buffer;
}

export interface BenchResponse {
  status: number;
  bytes: number;
  /** performance.now() when the response headers arrived */
  headersAt: number;
  /** performance.now() when the last byte arrived */
  endedAt: number;
}

export interface SendOptions {
  /** every body chunk with its arrival time (performance.now()) */
  onData?: (chunk: Buffer, at: number) => void;
  signal?: AbortSignal;
}

/** A keep-alive client bound to one origin. */
export interface HttpClient {
  readonly protocol: Protocol;
  send(request: BenchRequest, options?: SendOptions): Promise<BenchResponse>;
  close(): Promise<void>;
}
