import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DuckDBType, jsToDuckDBValue } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../../src-main/core/pipeline/normalize/normalize_event.ts';
import { createCheckpointScheduler } from '../../../src-main/core/store/duckdb/checkpoint.ts';
import { type ErrorsRow, eventToErrorsRow } from '../../../src-main/core/store/duckdb/errors_row.ts';
import { writeErrorsBatch } from '../../../src-main/core/store/duckdb/errors_writer.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { capturedEvents, corpusPresent, warnIfCorpusMissing } from '../../unit/normalize/corpus.ts';

warnIfCorpusMissing();

const ROWS = 10_000;
let dir: string;
let index: EventIndex;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'faultline-duckdb-'));
  index = await openEventIndex(path.join(dir, 'events.duckdb'));
});

afterEach(() => {
  index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 10,000 rows made from the captured SDK events, each with its own id, time and group. */
function realisticRows(): { rows: ErrorsRow[]; normalizeMs: number } {
  const captures = capturedEvents();
  const base = Date.parse('2026-11-22T00:00:00Z');
  const started = performance.now();
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const capture = captures[i % captures.length];
    if (!capture) throw new Error('no captures');
    const receivedAt = new Date(base + i * 1000);
    const payload: JsonObject = { ...capture.event, timestamp: receivedAt.getTime() / 1000 - 0.5 };
    const { event } = normalizeEvent(payload, {
      receivedAt,
      projectId: 1 + (i % 3),
      envelopeEventId: randomUUID(),
      clientIp: '192.0.2.10',
    });
    const hash = (i % 50).toString(16).padStart(32, '0');
    return eventToErrorsRow(event, {
      projectId: 1 + (i % 3),
      groupId: 1 + (i % 50),
      primaryHash: hash,
      receivedAt,
    });
  });
  return { rows, normalizeMs: performance.now() - started };
}

/** The slow path DESIGN.md measured: one `appendValue` per cell. Kept here only to compare. */
async function appendPerValue(rows: readonly ErrorsRow[]): Promise<void> {
  const appender = await index.writer.createAppender('errors');
  for (const row of rows) {
    for (const column of index.errorsColumns) {
      const value = (row as unknown as Record<string, unknown>)[column.name] ?? null;
      appender.appendValue(jsToDuckDBValue(value as never, column.type as DuckDBType), column.type);
    }
    appender.endRow();
  }
  appender.closeSync();
}

describe('errors writer throughput', () => {
  it.skipIf(!corpusPresent)('writes 10,000 realistic rows through data chunks (rows/s printed)', async () => {
    const { rows, normalizeMs } = realisticRows();
    const started = performance.now();
    const result = await writeErrorsBatch(index, rows);
    const writeMs = performance.now() - started;
    expect(result).toEqual({ written: ROWS, skipped: 0 });

    const replayStarted = performance.now();
    expect(await writeErrorsBatch(index, rows)).toEqual({ written: 0, skipped: ROWS });
    const replayMs = performance.now() - replayStarted;

    const checkpointStarted = performance.now();
    await createCheckpointScheduler(index).checkpointNow();
    const checkpointMs = performance.now() - checkpointStarted;

    const reader = await index.connect();
    const readStarted = performance.now();
    const counts = (
      await reader.runAndReadAll(
        'SELECT group_id, count(*) AS n FROM errors WHERE project_id = 1 AND deleted = 0 GROUP BY group_id',
      )
    ).getRowObjectsJS();
    const readMs = performance.now() - readStarted;
    reader.closeSync();
    expect(counts.reduce((sum, r) => sum + Number(r.n), 0)).toBe(Math.ceil(ROWS / 3));

    console.log(
      [
        `normalize+map: ${Math.round(ROWS / (normalizeMs / 1000))} events/s (${normalizeMs.toFixed(0)} ms)`,
        `data-chunk writer: ${Math.round(ROWS / (writeMs / 1000))} rows/s (${writeMs.toFixed(0)} ms)`,
        `replay (all skipped): ${replayMs.toFixed(0)} ms`,
        `checkpoint: ${checkpointMs.toFixed(0)} ms; first read after it: ${readMs.toFixed(0)} ms`,
      ].join('\n'),
    );
  });

  it.skipIf(!corpusPresent)('per-value appends store the same rows, slower (rows/s printed)', async () => {
    const { rows } = realisticRows();
    const started = performance.now();
    await appendPerValue(rows);
    const ms = performance.now() - started;
    const [row] = (await index.writer.runAndReadAll('SELECT count(*) AS n FROM errors')).getRowObjectsJS();
    expect(Number(row?.n)).toBe(ROWS);
    console.log(`per-value appender: ${Math.round(ROWS / (ms / 1000))} rows/s (${ms.toFixed(0)} ms)`);
  });

  it.skipIf(!corpusPresent)(
    'a scheduled checkpoint folds the WAL into the file once writes pause',
    async () => {
      const { rows } = realisticRows();
      const scheduler = createCheckpointScheduler(index, 50);
      await writeErrorsBatch(index, rows.slice(0, 2000));
      scheduler.noteWrite();
      const wal = `${index.path}.wal`;
      expect(existsSync(wal) && statSync(wal).size > 0).toBe(true);
      // Nothing else writes: the scheduler alone must fold the WAL (polled, so a busy machine only waits longer).
      await expect
        .poll(() => (existsSync(wal) ? statSync(wal).size : 0), { timeout: 15_000, interval: 50 })
        .toBe(0);
      await scheduler.stop();
    },
  );
});
