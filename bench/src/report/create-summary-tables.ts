import type { AllocationEntry, AllocationSummary, BenchResults, ProfileEntry, Skipped, TargetCheck } from "./bench-results.js";
import { isSkipped } from "./bench-results.js";
import { formatRps } from "./format-numbers.js";
import type { Table } from "./format-table.js";

function toVerdict(check: TargetCheck): string {
  if (check.pass === undefined) return "not measured";
  return check.pass ? "pass" : `MISS: ${check.missedBy ?? ""}`.trim();
}

/**
 * The run's conditions: what ran where, so anyone can compare their numbers with these.
 *
 * @example
 * formatTextTable(createEnvironmentTable(results));
 */
export function createEnvironmentTable(results: BenchResults): Table {
  const { meta } = results;
  return {
    title: "Run",
    columns: ["", ""],
    rows: [
      ["command", meta.command],
      ["date", meta.date],
      ["node", meta.node],
      ["machine", `${meta.cores} cores, ${meta.cpuModel}, ${meta.platform}`],
      ["pinning", meta.pinning],
      ["upstream", meta.upstream],
      ["gateway", meta.gateway],
      ["floor", meta.floor],
      ["client", meta.client],
      ["peer", meta.peer],
      ...(meta.warmup ? [["warm-up", meta.warmup]] : []),
      ["duration", `${meta.durationS.toFixed(0)} s`],
      ["background load", meta.backgroundLoad],
    ],
  };
}

/**
 * The targets with pass / miss (and by how much) / not measured.
 *
 * @example
 * formatTextTable(createTargetsTable(results.checks));
 */
export function createTargetsTable(checks: readonly TargetCheck[]): Table {
  return {
    title: "Targets (against the bare proxy measured in the same run)",
    columns: ["workload", "target", "measured", "result"],
    rows: checks.map((check) => [check.workload, check.target, check.measured, toVerdict(check)]),
  };
}

function entryRows(entries: readonly ProfileEntry[], withLocation: boolean): string[][] {
  return entries.map((entry) => [`${entry.selfPercent.toFixed(1)} %`, `${entry.selfMs.toFixed(0)} ms`, entry.name, ...(withLocation ? [entry.location] : [])]);
}

/**
 * The profile's top self-time functions and areas (npm package, gateway folder, Node internals).
 *
 * @example
 * createProfileTables(results).map(formatTextTable);
 */
export function createProfileTables(results: BenchResults): Table[] {
  const profile = results.profile;
  if (!profile) return [];
  if (isSkipped(profile)) return [{ title: "CPU profile of the gateway under W3", columns: ["result"], rows: [[`skipped: ${profile.skipped}`]] }];
  const notes = [`${profile.file}: ${profile.totalMs.toFixed(0)} ms of CPU sampled (idle excluded), ${formatRps(profile.rps)} req/s while profiled; open it in Chrome DevTools or speedscope`];
  return [
    { title: "CPU profile of the gateway under W3 (HTTP/1.1): top self time by area", columns: ["self", "ms", "area"], rows: entryRows(profile.byArea, false), notes },
    { title: "CPU profile: top self time by function", columns: ["self", "ms", "function", "location"], rows: entryRows(profile.top, true) },
    ...createAllocationTables(profile.allocation),
  ];
}

function createAllocationTables(allocation: AllocationSummary | Skipped | undefined): Table[] {
  if (!allocation) return [];
  if (isSkipped(allocation)) return [{ title: "Allocation profile of the gateway under W3", columns: ["result"], rows: [[`skipped: ${allocation.skipped}`]] }];
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const rows = (entries: readonly AllocationEntry[], withLocation: boolean) =>
    entries.map((entry) => [`${entry.percent.toFixed(1)} %`, kb(entry.bytes / Math.max(1, allocation.requests)), entry.name, ...(withLocation ? [entry.location] : [])]);
  const notes = [
    `${allocation.file}: ${(allocation.totalBytes / 2 ** 20).toFixed(0)} MB allocated over ${allocation.requests.toLocaleString("en-US")} requests, ${kb(allocation.bytesPerRequest)} per request (V8's sampling heap profiler, garbage included)`,
  ];
  return [
    { title: "Allocation profile of the gateway under W3 (HTTP/1.1): bytes allocated by area", columns: ["share", "per request", "area"], rows: rows(allocation.byArea, false), notes },
    { title: "Allocation profile: bytes allocated by function", columns: ["share", "per request", "function", "location"], rows: rows(allocation.top, true) },
  ];
}
