export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** lines printed under the table (skip reasons, errors seen, settings) */
  notes?: string[];
}

/**
 * A table as aligned plain text for the console; numeric-looking cells are right-aligned.
 *
 * @example
 * formatTextTable({ title: "W3", columns: ["target", "req/s"], rows: [["bare", "9,000"]] });
 */
export function formatTextTable(table: Table): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => (row[i] ?? "").length)));
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((row) => /^[-+]?[\d,.]+( \w+)?$|^n\/a$/.test(row[i] ?? "")));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [
    table.title,
    line(table.columns),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...table.rows.map(line),
    ...(table.notes ?? []).map((note) => `  ${note}`),
  ].join("\n");
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/**
 * The same table as GitHub Markdown, with its title as a heading.
 *
 * @example
 * formatMarkdownTable({ title: "W3", columns: ["target", "req/s"], rows: [["bare", "9,000"]] });
 */
export function formatMarkdownTable(table: Table): string {
  const numeric = table.columns.map((_, i) => table.rows.length > 0 && table.rows.every((row) => /^[-+]?[\d,.]+( \w+)?$|^n\/a$/.test(row[i] ?? "")));
  return [
    `### ${table.title}`,
    "",
    `| ${table.columns.map(escapeCell).join(" | ")} |`,
    `|${numeric.map((right) => (right ? "---:" : "---")).join("|")}|`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(" | ")} |`),
    ...(table.notes && table.notes.length > 0 ? ["", ...table.notes.map((note) => `- ${escapeCell(note)}`)] : []),
  ].join("\n");
}
