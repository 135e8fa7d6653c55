/** Result export: CSV and JSON Lines from the rows on screen, Parquet from the server (DuckDB's writer). */
import { csvText } from '../../../src-shared/csv.ts';
import type { SnqlSuccess } from '../../../src-shared/snql-api.ts';
import { cellText } from './ResultGrid.tsx';

export function toCsv(result: SnqlSuccess): string {
  const names = result.meta.map((m) => m.name);
  return csvText(
    names,
    result.data.map((row) => names.map((n) => cellText(row[n]))),
  );
}

export function toJsonLines(result: SnqlSuccess): string {
  return result.data.map((row) => JSON.stringify(row)).join('\n') + (result.data.length > 0 ? '\n' : '');
}

export function base64Blob(base64: string, type: string): Blob {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type });
}
