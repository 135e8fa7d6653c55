/**
 * DuckDB's own writers for Parquet and CSV (`COPY (query) TO 'file'`): they stream, so memory stays
 * flat however many rows there are. While a COPY runs, its progress is read off the connection, and
 * cancelling interrupts it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlParams } from './selection.ts';

/**
 * COPY options. Rows are written in whatever order the threads produce them: keeping insertion
 * order makes DuckDB hold back every batch that finishes early, and memory then grows with the
 * export (4 GB for 1M events, against 0.7 GB without). Row groups are small for the same reason:
 * one is buffered per thread while it is written, and events carry long lists (modules, frames).
 */
export const PARQUET_OPTIONS = 'FORMAT parquet, PRESERVE_ORDER false, ROW_GROUP_SIZE 16384';
export const CSV_OPTIONS = 'FORMAT csv, HEADER true, PRESERVE_ORDER false';

export class ExportCancelledError extends Error {
  readonly type = 'export_cancelled';
  constructor() {
    super('the export was cancelled');
  }
}

export interface CopyControl {
  signal?: AbortSignal | undefined;
  /** Called with the fraction done (0..1) while the COPY runs. */
  onFraction?: ((fraction: number) => void) | undefined;
}

const POLL_MS = 200;

/** A file path as an SQL string literal (our own paths; COPY cannot take its target as a parameter). */
export function sqlPath(file: string): string {
  return `'${file.replaceAll("'", "''")}'`;
}

/** The connection reports progress only with the progress bar on; it must not print it. */
export async function enableProgress(conn: DuckDBConnection): Promise<void> {
  await conn.run('SET enable_progress_bar = true');
  await conn.run('SET enable_progress_bar_print = false');
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelledError();
}

/** Runs `COPY (select) TO file (options)`; resolves with the rows written. */
export async function copyTo(
  conn: DuckDBConnection,
  select: string,
  params: SqlParams,
  file: string,
  options: string,
  control: CopyControl = {},
): Promise<number> {
  throwIfCancelled(control.signal);
  let repeat: NodeJS.Timeout | undefined;
  // DuckDB drops an interrupt that lands before the statement starts: repeat it until it settles.
  const onAbort = () => {
    conn.interrupt();
    repeat = setInterval(() => conn.interrupt(), 20);
  };
  control.signal?.addEventListener('abort', onAbort, { once: true });
  const poll = control.onFraction
    ? setInterval(() => {
        const { percentage } = conn.progress;
        if (percentage >= 0) control.onFraction?.(Math.min(1, percentage / 100));
      }, POLL_MS)
    : undefined;
  try {
    const result = await conn.run(
      `COPY (${select}) TO ${sqlPath(file)} (${options})`,
      params.values,
      params.types,
    );
    return Number(result.rowsChanged);
  } catch (error) {
    if (control.signal?.aborted) throw new ExportCancelledError();
    throw error;
  } finally {
    control.signal?.removeEventListener('abort', onAbort);
    clearInterval(repeat);
    clearInterval(poll);
  }
}
