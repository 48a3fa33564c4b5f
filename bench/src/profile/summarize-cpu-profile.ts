import type { ProfileEntry } from "../report/bench-results.js";

/** The parts of V8's `.cpuprofile` JSON that are read. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  /** µs on the monotonic clock (the same clock as process.hrtime on Linux) */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfileSummary {
  /** sampled time, idle excluded, ms */
  totalMs: number;
  top: ProfileEntry[];
  byArea: ProfileEntry[];
}

const SPECIAL = new Set(["(program)", "(garbage collector)", "(root)"]);

/**
 * Where a function lives, coarsely: an npm package, a bedrock-gw package folder, or a Node internal module.
 *
 * @example
 * toArea("file:///r/node_modules/@smithy/signature-v4/dist-cjs/index.js", "f"); // "@smithy/signature-v4"
 * toArea("file:///r/packages/core/dist/upstream/sign-request.js", "f"); // "core/upstream"
 */
export function toArea(url: string, functionName: string): string {
  if (url === "") return SPECIAL.has(functionName) ? functionName : "(native)";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  const ours = /(?:packages|bench)\/([^/]+)\/dist\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return ours[2] && !ours[2].endsWith(".js") ? `${ours[1]}/${ours[2]}` : ours[1]!;
  const internal = /^node:(?:internal\/)?([^/]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  return url.split("/").slice(-2).join("/");
}

export function toLocation(url: string, lineNumber: number): string {
  if (url === "") return "";
  const short = url.replace(/^file:\/\//, "").replace(/^.*?\/(node_modules|packages|bench)\//, "$1/");
  return `${short}:${lineNumber + 1}`;
}

function rank(totals: Map<string, { name: string; location: string; ms: number }>, totalMs: number, top: number): ProfileEntry[] {
  return [...totals.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top)
    .map((entry) => ({ name: entry.name, location: entry.location, selfMs: entry.ms, selfPercent: totalMs > 0 ? (100 * entry.ms) / totalMs : 0 }));
}

/** Self time per node id; timeDeltas[i] is the time before sample i, so sample i lasted until sample i + 1. */
function sumSelfTime(profile: CpuProfile, window?: { startUs: number; endUs: number }): Map<number, number> {
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.startUs || at >= window.endUs)) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  return selfUs;
}

/**
 * Self time per function and per area from a V8 CPU profile, idle time left out: what the process spent its CPU on.
 * With a window (µs, monotonic clock), only samples inside it count, so start-up and shutdown stay out.
 *
 * @example
 * const { top } = summarizeCpuProfile(JSON.parse(readFileSync(file, "utf8")), 20, { startUs, endUs });
 */
export function summarizeCpuProfile(profile: CpuProfile, top: number, window?: { startUs: number; endUs: number }): CpuProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = sumSelfTime(profile, window);
  const functions = new Map<string, { name: string; location: string; ms: number }>();
  const areas = new Map<string, { name: string; location: string; ms: number }>();
  let totalMs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") continue;
    const ms = us / 1000;
    totalMs += ms;
    const name = frame.functionName || "(anonymous)";
    const location = toLocation(frame.url, frame.lineNumber);
    const key = `${name}@${location}`;
    functions.set(key, { name, location, ms: (functions.get(key)?.ms ?? 0) + ms });
    const area = toArea(frame.url, frame.functionName);
    areas.set(area, { name: area, location: "", ms: (areas.get(area)?.ms ?? 0) + ms });
  }
  return { totalMs, top: rank(functions, totalMs, top), byArea: rank(areas, totalMs, top) };
}
