import type { AllocationEntry } from "../report/bench-results.js";
import { toArea, toLocation } from "./summarize-cpu-profile.js";

/** V8's sampling heap profile (`HeapProfiler.stopSampling`): a call tree whose nodes carry the bytes sampled there. */
export interface AllocationProfile {
  head: AllocationNode;
}

export interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: AllocationNode[];
}

export interface AllocationProfileSummary {
  totalBytes: number;
  top: AllocationEntry[];
  byArea: AllocationEntry[];
}

/**
 * Bytes allocated by function and by area (npm package, gateway folder, Node internals), largest first.
 *
 * @example
 * const { totalBytes, byArea } = summarizeAllocationProfile(JSON.parse(readFileSync(file, "utf8")), 20);
 */
export function summarizeAllocationProfile(profile: AllocationProfile, top: number): AllocationProfileSummary {
  const functions = new Map<string, AllocationEntry>();
  const areas = new Map<string, AllocationEntry>();
  let totalBytes = 0;
  const add = (table: Map<string, AllocationEntry>, key: string, name: string, location: string, bytes: number) => {
    const entry = table.get(key) ?? { name, location, bytes: 0, percent: 0 };
    entry.bytes += bytes;
    table.set(key, entry);
  };
  const pending: AllocationNode[] = [profile.head];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.children) pending.push(...node.children);
    if (node.selfSize === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    totalBytes += node.selfSize;
    const name = functionName || "(anonymous)";
    const location = toLocation(url, lineNumber);
    add(functions, `${name}@${location}`, name, location, node.selfSize);
    const area = toArea(url, functionName);
    add(areas, area, area, "", node.selfSize);
  }
  const rank = (table: Map<string, AllocationEntry>) =>
    [...table.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((entry) => ({ ...entry, percent: totalBytes > 0 ? (100 * entry.bytes) / totalBytes : 0 }));
  return { totalBytes, top: rank(functions), byArea: rank(areas) };
}
