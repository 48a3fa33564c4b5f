import type { FaultAction } from "../types.js";

/** A fault asked for in the request text, e.g. `[[sim:throttle]]` or `[[sim:stream-error after=2]]`. */
export interface Directive {
  /** the directive as written, to count uses of `times=N` per distinct request */
  source: string;
  action: FaultAction;
  /** applies to the first N requests that carry it (default: every one) */
  times?: number;
}

const DIRECTIVE_PATTERN = /\[\[sim:([a-z-]+)((?:\s+[a-zA-Z]+=[^\s\]]+)*)\s*\]\]/g;

type ActionReader = (args: Record<string, string>) => FaultAction | undefined;

const toNumber = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
};

/** The directive vocabulary: action name → how its `key=value` arguments become a fault. */
const ACTION_READERS: Readonly<Record<string, ActionReader>> = {
  throttle: () => ({ kind: "throttle" }),
  error: (args) => {
    const status = toNumber(args.status);
    if (args.name) return { kind: "error", name: args.name, ...(status !== undefined ? { status } : {}) };
    return status !== undefined ? { kind: "error", name: "", status } : undefined;
  },
  "stream-error": (args) => ({
    kind: "stream-exception",
    afterEvents: toNumber(args.after) ?? 1,
    ...(args.type ? { exceptionType: args.type } : {}),
  }),
  drop: (args) => {
    const afterEvents = toNumber(args.after);
    return afterEvents === undefined ? { kind: "drop-connection" } : { kind: "drop-connection", afterEvents };
  },
  delay: (args) => ({ kind: "delay", ms: toNumber(args.ms) ?? 1000 }),
};

function readArguments(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const pair of text.trim().split(/\s+/)) {
    const separator = pair.indexOf("=");
    if (separator > 0) args[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return args;
}

/**
 * Finds fault directives in request text. Vocabulary: `[[sim:throttle]]`, `[[sim:error name=ServiceUnavailableException]]`
 * or `[[sim:error status=500]]`, `[[sim:stream-error after=2 type=internalServerException]]`, `[[sim:drop]]` (before
 * headers), `[[sim:drop after=3]]` (mid-stream), `[[sim:delay ms=500]]`; any of them takes `times=N`.
 *
 * @example
 * readDirectives("hi [[sim:throttle times=1]]"); // [{ source: "[[sim:throttle times=1]]", action: { kind: "throttle" }, times: 1 }]
 */
export function readDirectives(text: string): Directive[] {
  const directives: Directive[] = [];
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    const reader = ACTION_READERS[match[1]!];
    const args = readArguments(match[2] ?? "");
    const action = reader?.(args);
    if (!action) continue;
    const times = toNumber(args.times);
    directives.push({ source: match[0], action, ...(times !== undefined ? { times } : {}) });
  }
  return directives;
}

/**
 * Removes fault directives from text, so replies never echo them back into a conversation.
 *
 * @example
 * stripDirectives("hello [[sim:throttle]]"); // "hello "
 */
export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE_PATTERN, "");
}
