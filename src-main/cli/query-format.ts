/** Text renderings of a SnQL result for `faultline query --format table|csv`. */
import type { SnqlRow, SnqlSuccess, SnqlValue } from '../../src-shared/snql-api.ts';

export function cellText(value: SnqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * CSV with a header line; the TOTALS row, when asked for, follows the data after an empty line, as
 * ClickHouse's CSV output writes it.
 */
export function formatCsv(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  const row = (r: SnqlRow): string => names.map((n) => csvCell(cellText(r[n]))).join(',');
  const lines = [names.map(csvCell).join(','), ...result.data.map(row)];
  if (result.totals) lines.push('', row(result.totals));
  return `${lines.join('\n')}\n`;
}

/** An aligned table; the TOTALS row, when asked for, is the last one, under a rule of its own. */
export function formatTable(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  const cellsOf = (row: SnqlRow): string[] => names.map((n) => cellText(row[n]).replaceAll('\n', '\\n'));
  const cells = result.data.map(cellsOf);
  const totals = result.totals ? cellsOf(result.totals) : undefined;
  const all = totals ? [...cells, totals] : cells;
  const widths = names.map((n, i) =>
    Math.min(60, Math.max(n.length, ...all.map((r) => (r[i] ?? '').length))),
  );
  const clip = (text: string, width: number): string =>
    text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
  const line = (items: string[]): string =>
    items
      .map((t, i) => clip(t, widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const out = [line(names), rule, ...cells.map(line)];
  if (totals) out.push(rule, line(totals));
  return `${out.join('\n')}\n`;
}
