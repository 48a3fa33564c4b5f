import type { BenchResults } from "./bench-results.js";

export interface BarPanel {
  title: string;
  /** formats a bar's value label */
  format: (value: number) => string;
  groups: Array<{ label: string; bars: Array<{ series: string; value: number }> }>;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SERIES_COLORS: Readonly<Record<string, string>> = {
  direct: "#9e9e9e",
  bare: "#4c78a8",
  gateway: "#f58518",
  peer: "#54a24b",
  "gateway-key": "#e45756",
  "gateway-workers": "#b279a2",
};
const FONT = 'font-family="system-ui, sans-serif"';

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function renderPanel(panel: BarPanel, box: Box): string {
  const values = panel.groups.flatMap((group) => group.bars.map((bar) => bar.value)).filter((value) => Number.isFinite(value));
  const max = Math.max(1e-9, ...values);
  const plot = { x: box.x + 10, y: box.y + 40, width: box.width - 20, height: box.height - 80 };
  const groupWidth = plot.width / Math.max(1, panel.groups.length);
  const parts = [
    `<text x="${box.x + box.width / 2}" y="${box.y + 20}" text-anchor="middle" font-size="14" font-weight="600" ${FONT}>${escapeXml(panel.title)}</text>`,
    `<line x1="${plot.x}" y1="${plot.y + plot.height}" x2="${plot.x + plot.width}" y2="${plot.y + plot.height}" stroke="#333"/>`,
  ];
  panel.groups.forEach((group, g) => {
    const barWidth = (groupWidth * 0.8) / Math.max(1, group.bars.length);
    const left = plot.x + g * groupWidth + groupWidth * 0.1;
    group.bars.forEach((bar, b) => {
      const value = Number.isFinite(bar.value) ? Math.max(0, bar.value) : 0;
      const height = (value / max) * plot.height;
      const x = left + b * barWidth;
      const y = plot.y + plot.height - height;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barWidth * 0.9).toFixed(1)}" height="${height.toFixed(1)}" fill="${SERIES_COLORS[bar.series] ?? "#666"}"><title>${escapeXml(`${bar.series}: ${panel.format(bar.value)}`)}</title></rect>`,
        `<text x="${(x + barWidth * 0.45).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle" font-size="10" ${FONT}>${escapeXml(panel.format(bar.value))}</text>`,
      );
    });
    parts.push(`<text x="${(left + groupWidth * 0.4).toFixed(1)}" y="${plot.y + plot.height + 16}" text-anchor="middle" font-size="12" ${FONT}>${escapeXml(group.label)}</text>`);
  });
  return parts.join("\n");
}

function renderLegend(series: readonly string[], x: number, y: number): string {
  return series
    .map((name, i) => `<rect x="${x + i * 150}" y="${y}" width="12" height="12" fill="${SERIES_COLORS[name] ?? "#666"}"/><text x="${x + i * 150 + 18}" y="${y + 11}" font-size="12" ${FONT}>${escapeXml(name)}</text>`)
    .join("\n");
}

/** The panels the chart shows: W1 added p50 per body size, W3 requests/s per protocol and connection count. */
export function createChartPanels(results: BenchResults): BarPanel[] {
  const w1 = (results.w1 ?? [])
    .filter((c) => c.upstream === "fast")
    .map((c) => ({
      title: `W1 added p50, ${c.label} (ms)`,
      format: (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "n/a"),
      groups: [{ label: c.label, bars: c.rows.filter((row) => row.target !== "direct").map((row) => ({ series: row.target, value: row.addedP50 })) }],
    }));
  const w3Cases = (results.w3?.cases ?? []).filter((c) => c.upstream === "fast");
  const w3: BarPanel[] = w3Cases.length === 0 ? [] : [
    {
      title: "W3 requests/s (0 ms upstream)",
      format: (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "n/a"),
      groups: w3Cases.map((c) => ({ label: `${c.protocol} × ${c.connections}`, bars: c.rows.map((row) => ({ series: row.target, value: row.rps })) })),
    },
  ];
  return [...w1, ...w3];
}

/**
 * The chart of BENCHMARKS.md as a standalone SVG: the W1 panels in a row, W3 below at full width, one legend.
 *
 * @example
 * writeFileSync("chart.svg", renderChartSvg(results));
 */
export function renderChartSvg(results: BenchResults): string {
  const panels = createChartPanels(results);
  const top = panels.filter((panel) => panel.groups.length === 1);
  const wide = panels.filter((panel) => panel.groups.length > 1);
  const width = 960;
  const rowHeight = 260;
  const series = [...new Set(panels.flatMap((panel) => panel.groups.flatMap((group) => group.bars.map((bar) => bar.series))))];
  const body = [
    ...top.map((panel, i) => renderPanel(panel, { x: (i * width) / top.length, y: 0, width: width / top.length, height: rowHeight })),
    ...wide.map((panel, i) => renderPanel(panel, { x: 0, y: (top.length > 0 ? rowHeight : 0) + i * rowHeight, width, height: rowHeight })),
  ];
  const height = (top.length > 0 ? rowHeight : 0) + wide.length * rowHeight + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...body,
    renderLegend(series, 20, height - 28),
    "</svg>",
    "",
  ].join("\n");
}
