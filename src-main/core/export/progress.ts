/**
 * What the main thread needs of an export (registry.ts) without loading the export code itself,
 * which needs DuckDB's client: the app's main thread does not load it (the worker runs exports).
 */
import type { ExportFormat, ExportProgress } from '../../../src-shared/export-api.ts';

export const FILE_EXTENSIONS = { jsonl: 'jsonl', csv: 'csv', parquet: 'parquet' } as const;

/** The progress of an export that has just started. */
export function startedProgress(exportId: string, format: ExportFormat, startedAt: string): ExportProgress {
  return {
    exportId,
    format,
    state: 'running',
    rows: 0,
    total: null,
    file: null,
    bytes: null,
    error: null,
    startedAt,
    finishedAt: null,
  };
}
