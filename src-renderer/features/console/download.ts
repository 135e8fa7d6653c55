/** Result export: CSV and JSON Lines from the rows on screen, Parquet from the server (DuckDB's writer). */
import type { SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { cellText } from './ResultGrid.tsx';

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  const lines = [names.map(csvCell).join(',')];
  for (const row of result.data) lines.push(names.map((n) => csvCell(cellText(row[n]))).join(','));
  return `${lines.join('\n')}\n`;
}

export function toJsonLines(result: SnqlSuccess): string {
  return result.data.map((row) => JSON.stringify(row)).join('\n') + (result.data.length > 0 ? '\n' : '');
}

export function base64Blob(base64: string, type: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}
