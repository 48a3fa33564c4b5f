import type { TargetName } from "../client/bench-targets.js";
import type { BenchResults, TargetCheck, ThroughputRow } from "./bench-results.js";
import { isSkipped } from "./bench-results.js";
import { formatAddedMs, formatRps } from "./format-numbers.js";

/** W1: how much more than the bare proxy the gateway may add at p50, by body size. */
const W1_ALLOWANCE_MS: Readonly<Record<number, number>> = { 1024: 0.1, 102_400: 0.3, 1_048_576: 2.5 };
const W3_SHARE = 0.8;
const W6_SHARE = 0.7;
const W2_ADDED_P99_MS = 1;
const W4_ADDED_MS = 1;
const W5_OPEN_STREAMS_MB = 150;
const AFTER_W3_MB = 100;

function checkAtMost(workload: string, target: string, measured: string, value: number, limit: number, unit: string): TargetCheck {
  if (Number.isNaN(value)) return { workload, target, measured: `${measured} (not measured)` };
  const pass = value <= limit;
  return { workload, target, measured, pass, ...(pass ? {} : { missedBy: `${(value - limit).toFixed(2)} ${unit} over` }) };
}

/** When the bare proxy was not CPU-bound, its requests/s are the other core's; CPU per request then tells more. */
function describeCpu(row: ThroughputRow, bare: ThroughputRow): string {
  if (bare.cpuPercent === undefined || bare.cpuPercent >= 90) return "";
  const perRequest = row.cpuMsPer1k !== undefined && bare.cpuMsPer1k !== undefined ? `, CPU per request ${(row.cpuMsPer1k / bare.cpuMsPer1k).toFixed(1)} × bare's` : "";
  return ` (bare proxy at ${bare.cpuPercent.toFixed(0)} % CPU, not saturated${perRequest})`;
}

function checkShare(workload: string, rows: readonly ThroughputRow[], subject: TargetName, share: number): TargetCheck {
  const bare = rows.find((row) => row.target === "bare");
  const row = rows.find((r) => r.target === subject);
  const target = `${subject} requests/s ≥ ${share} × bare proxy`;
  if (!bare || !row) return { workload, target, measured: "not measured" };
  const ratio = row.rps / bare.rps;
  const needed = share * bare.rps;
  const measured = `${formatRps(row.rps)} vs bare ${formatRps(bare.rps)} = ${ratio.toFixed(2)} ×` + (row.errors > 0 ? `, ${row.errors} errors` : "") + describeCpu(row, bare);
  const pass = ratio >= share && row.errors === 0;
  const short = needed - row.rps;
  const missedBy = ratio >= share ? `${row.errors} errors` : `${formatRps(short)} requests/s (${((100 * short) / needed).toFixed(0)} %) short of ${formatRps(needed)}`;
  return { workload, target, measured, pass, ...(pass ? {} : { missedBy }) };
}

function checkW1(results: BenchResults): TargetCheck[] {
  return (results.w1 ?? [])
    .filter((c) => c.upstream === "fast" && W1_ALLOWANCE_MS[c.bytes] !== undefined)
    .map((c) => {
      const allowance = W1_ALLOWANCE_MS[c.bytes]!;
      const gateway = c.rows.find((row) => row.target === "gateway");
      const bare = c.rows.find((row) => row.target === "bare");
      const workload = `W1 ${c.label}`;
      const target = `gateway added p50 ≤ bare added p50 + ${allowance} ms`;
      if (!gateway || !bare) return { workload, target, measured: "not measured" };
      const over = gateway.addedP50 - bare.addedP50;
      const measured = `gateway ${formatAddedMs(gateway.addedP50)}, bare ${formatAddedMs(bare.addedP50)}: ${formatAddedMs(over)} over bare`;
      return checkAtMost(workload, target, measured, over, allowance, "ms");
    });
}

function checkW2(results: BenchResults): TargetCheck[] {
  if (!results.w2) return [];
  const workload = "W2 open loop";
  const target = `at the highest rate the bare proxy sustains: gateway added p99 ≤ ${W2_ADDED_P99_MS} ms, 0 errors`;
  const rate = results.w2.bareSustainedRate;
  const row = results.w2.rates.find((r) => r.rate === rate)?.rows.find((r) => r.target === "gateway");
  if (rate === undefined || !row) return [{ workload, target, measured: "the bare proxy sustained none of the rates" }];
  const measured = `at ${formatRps(rate)} rps: gateway added p99 ${formatAddedMs(row.addedP99)}, ${row.errors} errors`;
  const check = checkAtMost(workload, target, measured, row.addedP99, W2_ADDED_P99_MS, "ms");
  if (row.errors > 0) return [{ ...check, pass: false, missedBy: [check.missedBy, `${row.errors} errors`].filter(Boolean).join(", ") }];
  return [check];
}

function checkW4(results: BenchResults): TargetCheck[] {
  if (!results.w4 || isSkipped(results.w4)) return [];
  const row = results.w4.rows.find((r) => r.target === "gateway");
  if (!row) return [];
  return [
    checkAtMost("W4 stream", `added time to first event ≤ ${W4_ADDED_MS} ms`, `${formatAddedMs(row.addedFirstEventP50)} (p50)`, row.addedFirstEventP50, W4_ADDED_MS, "ms"),
    checkAtMost("W4 stream", `added inter-event p99 ≤ ${W4_ADDED_MS} ms`, `${formatAddedMs(row.addedGapP99)}`, row.addedGapP99, W4_ADDED_MS, "ms"),
  ];
}

function checkMemory(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (results.w5 && !isSkipped(results.w5)) {
    const { streams } = results.w5;
    const row = results.w5.rows.find((r) => r.target === "gateway");
    if (row) {
      const measured = `${row.rssPeakMb?.toFixed(0) ?? "?"} MB with ${row.opened}/${streams} streams open`;
      const check = checkAtMost("W5 memory", `gateway RSS ≤ ${W5_OPEN_STREAMS_MB} MB with ${streams} open streams`, measured, row.rssPeakMb ?? Number.NaN, W5_OPEN_STREAMS_MB, "MB");
      checks.push(row.opened < streams && check.pass ? { ...check, pass: false, missedBy: `only ${row.opened} of ${streams} streams opened` } : check);
    }
  }
  const after = results.w3?.gatewayRssAfterMb;
  if (after !== undefined) checks.push(checkAtMost("W3 memory", `gateway RSS ≤ ${AFTER_W3_MB} MB after W3`, `${after.toFixed(0)} MB`, after, AFTER_W3_MB, "MB"));
  return checks;
}

/**
 * Every target of the issue, checked against this run's own bare proxy: pass, miss (with by how much), or not
 * measured (with why).
 *
 * @example
 * const checks = checkTargets(results); // [{ workload: "W1 1 KB", target: "...", measured: "...", pass: true }, ...]
 */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const w3 = (results.w3?.cases ?? [])
    .filter((c) => c.upstream === "fast")
    .map((c) => checkShare(`W3 ${c.protocol} ${c.connections} conns`, c.rows, "gateway", W3_SHARE));
  const w6 = !results.w6
    ? []
    : isSkipped(results.w6)
      ? [{ workload: "W6 governance", target: `gateway-key requests/s ≥ ${W6_SHARE} × bare proxy`, measured: results.w6.skipped }]
      : [checkShare("W6 governance", results.w6.rows, "gateway-key", W6_SHARE)];
  return [...checkW1(results), ...w3, ...checkW2(results), ...checkW4(results), ...checkMemory(results), ...w6];
}
