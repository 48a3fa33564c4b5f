import type { BenchResults, LatencyRow, Skipped, ThroughputRow } from "./bench-results.js";
import { isSkipped } from "./bench-results.js";
import { formatAddedMs, formatMb, formatMs, formatRps } from "./format-numbers.js";
import type { Table } from "./format-table.js";

function errorNotes(rows: ReadonlyArray<{ target: string; errors: number; lastError?: string }>, context = ""): string[] {
  return rows.filter((row) => row.errors > 0 || row.lastError).map((row) => `${context}${row.target}: ${row.errors} errors (last: ${row.lastError ?? "?"})`);
}

function latencyCells(row: LatencyRow): string[] {
  return [row.target, formatMs(row.p50), formatMs(row.p99), formatAddedMs(row.addedP50), formatAddedMs(row.addedP99), String(row.errors)];
}

function formatPercent(value: number | undefined): string {
  return value === undefined ? "n/a" : `${value.toFixed(0)} %`;
}

function cpuCells(row: ThroughputRow): string[] {
  const perCore = row.cpuMsPer1k === undefined || row.cpuMsPer1k === 0 ? Number.NaN : 1_000_000 / row.cpuMsPer1k;
  return [row.cpuMsPer1k === undefined ? "n/a" : row.cpuMsPer1k.toFixed(0), formatRps(perCore), formatPercent(row.cpuPercent), formatPercent(row.loadGenPercent)];
}

function throughputTable(title: string, rows: readonly ThroughputRow[], notes: string[] = []): Table {
  return {
    title,
    columns: ["target", "req/s", "p50", "CPU ms / 1k req", "req/s per core", "proxy CPU", "client + simulator CPU", "errors"],
    rows: rows.map((row) => [row.target, formatRps(row.rps), formatMs(row.p50), ...cpuCells(row), String(row.errors)]),
    notes: [...notes, ...errorNotes(rows)],
  };
}

function skippedTable(title: string, skipped: Skipped): Table {
  return { title, columns: ["result"], rows: [[`skipped: ${skipped.skipped}`]] };
}

function createW1Table(results: BenchResults): Table[] {
  if (!results.w1) return [];
  return [
    {
      title: "W1: sequential Converse, one keep-alive HTTP/1.1 connection (added = minus direct, same round; median of rounds)",
      columns: ["request body", "target", "p50", "p99", "added p50", "added p99", "errors"],
      rows: results.w1.flatMap((c) => c.rows.map((row) => [c.label, ...latencyCells(row)])),
      notes: results.w1.flatMap((c) => errorNotes(c.rows, `${c.label}: `)),
    },
  ];
}

function createW2Table(results: BenchResults): Table[] {
  if (!results.w2) return [];
  const sustained = results.w2.bareSustainedRate;
  return [
    {
      title: "W2: open loop, fixed rates, 1 KB Converse over HTTP/1.1 (latency from the scheduled send time)",
      columns: ["rate", "target", "achieved req/s", "p50", "p99", "added p50", "added p99", "errors"],
      rows: results.w2.rates.flatMap((r) => r.rows.map((row) => [formatRps(r.rate), row.target, formatRps(row.achievedRps), ...latencyCells(row).slice(1)])),
      notes: [
        sustained === undefined ? "the bare proxy sustained none of the rates" : `highest rate the bare proxy sustains (no errors, ≥ 95 % delivered, p50 ≤ 10 ms): ${formatRps(sustained)} req/s`,
        ...results.w2.notes,
        ...results.w2.rates.flatMap((r) => errorNotes(r.rows, `${r.rate} rps: `)),
      ],
    },
  ];
}

function createW3Table(results: BenchResults): Table[] {
  if (!results.w3) return [];
  return [
    {
      title: "W3: closed loop saturation, 1 KB Converse (h2c: all streams on one session)",
      columns: ["protocol", "connections", "upstream", "target", "req/s", "p50", "CPU ms / 1k req", "req/s per core", "proxy CPU", "client + simulator CPU", "errors"],
      rows: results.w3.cases.flatMap((c) =>
        c.rows.map((row) => [c.protocol, String(c.connections), c.upstream === "slow" ? "60 ms" : "0 ms", row.target, formatRps(row.rps), formatMs(row.p50), ...cpuCells(row), String(row.errors)]),
      ),
      notes: [
        `gateway RSS: ${formatMb(results.w3.gatewayRssAtStartMb)} after start, ${formatMb(results.w3.gatewayRssAfterMb)} right after W3` +
          (results.w3.gatewayRssIdleMb !== undefined ? `, ${formatMb(results.w3.gatewayRssIdleMb)} after ${(results.w3.idleMs ?? 0) / 1000} s without traffic` : ""),
        "CPU ms / 1k req: CPU time of the proxy process per 1,000 requests; req/s per core: what that CPU cost allows on one full core;",
        "proxy CPU: the proxy's share of one core over the window (direct: n/a);",
        "client + simulator CPU: the load generator and the simulator, which share the other core when pinned (100 % = one core).",
        "A proxy well below 100 % was not the bottleneck: its requests/s then say more about the other core than about it.",
        ...results.w3.cases.flatMap((c) => errorNotes(c.rows, `${c.protocol} ${c.connections}: `)),
      ],
    },
  ];
}

function createW4Table(results: BenchResults): Table[] {
  if (!results.w4) return [];
  const title = "W4: ConverseStream, one stream at a time over HTTP/1.1";
  if (isSkipped(results.w4)) return [skippedTable(title, results.w4)];
  return [
    {
      title,
      columns: ["target", "first event p50", "added", "inter-event p99", "added", "events / stream", "errors"],
      rows: results.w4.rows.map((row) => [row.target, formatMs(row.firstEventP50), formatAddedMs(row.addedFirstEventP50), formatMs(row.gapP99), formatAddedMs(row.addedGapP99), String(row.eventsPerStream), String(row.errors)]),
      notes: [`the simulator pauses ${results.w4.chunkDelayMs} ms between events (a forced tool call: its longest stream)`, ...errorNotes(results.w4.rows)],
    },
  ];
}

function createW5Table(results: BenchResults): Table[] {
  if (!results.w5) return [];
  const title = "W5: open streams held at once (HTTP/1.1, one connection per stream)";
  if (isSkipped(results.w5)) return [skippedTable(title, results.w5)];
  const { streams, chunkDelayMs } = results.w5;
  return [
    {
      title,
      columns: ["target", "streams open", "RSS before", "RSS peak", "time to open all"],
      rows: results.w5.rows.map((row) => [row.target, `${row.opened}/${streams}`, formatMb(row.rssBeforeMb), formatMb(row.rssPeakMb), formatMs(row.openMs)]),
      notes: [
        `the simulator pauses ${chunkDelayMs} ms between events`,
        ...(results.w5.idleMs ? [`the streams opened after ${results.w5.idleMs / 1000} s without traffic to any proxy ("RSS before" is then)`] : []),
        ...results.w5.rows.filter((row) => row.lastError).map((row) => `${row.target}: ${row.failed} failed (last: ${row.lastError})`)],
    },
  ];
}

function createGovernanceTables(results: BenchResults): Table[] {
  const tables: Table[] = [];
  if (results.w6) {
    const title = "W6: governance on (virtual key, rpm limit, budget, spend rows to the embedded database), HTTP/1.1";
    tables.push(isSkipped(results.w6) ? skippedTable(title, results.w6) : throughputTable(`${title}, ${results.w6.connections} connections`, results.w6.rows));
  }
  if (results.w7) {
    const title = "W7: serve --workers 2 (allowed on every core), HTTP/1.1";
    tables.push(isSkipped(results.w7) ? skippedTable(title, results.w7) : throughputTable(`${title}, ${results.w7.connections} connections`, results.w7.rows));
  }
  return tables;
}

/**
 * One table per workload that ran (or a skip line), in workload order.
 *
 * @example
 * for (const table of createWorkloadTables(results)) console.log(formatTextTable(table));
 */
export function createWorkloadTables(results: BenchResults): Table[] {
  return [...createW1Table(results), ...createW2Table(results), ...createW3Table(results), ...createW4Table(results), ...createW5Table(results), ...createGovernanceTables(results)];
}
