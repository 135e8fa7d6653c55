/** Text renderings of a SnQL result for `faultline query --format table|csv`. */
import type { SnqlSuccess, SnqlValue } from '../../src-shared/snql-api.ts';

export function cellText(value: SnqlValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function formatCsv(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  const lines = [names.map(csvCell).join(',')];
  for (const row of result.data) lines.push(names.map((n) => csvCell(cellText(row[n]))).join(','));
  return `${lines.join('\n')}\n`;
}

export function formatTable(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  const cells = result.data.map((row) => names.map((n) => cellText(row[n]).replaceAll('\n', '\\n')));
  const widths = names.map((n, i) =>
    Math.min(60, Math.max(n.length, ...cells.map((r) => (r[i] ?? '').length))),
  );
  const clip = (text: string, width: number): string =>
    text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
  const line = (items: string[]): string =>
    items
      .map((t, i) => clip(t, widths[i] ?? 0))
      .join(' | ')
      .trimEnd();
  const out = [line(names), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
  return `${out.join('\n')}\n`;
}
