/** An event index (DuckDB `errors`) in a temp dir, filled with events normalized as the pipeline does. */
import path from 'node:path';
import type { JsonObject } from '../../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../../src-main/core/pipeline/normalize/normalize_event.ts';
import { type ErrorsRow, eventToErrorsRow } from '../../src-main/core/store/duckdb/errors_row.ts';
import { type EventIndex, openEventIndex } from '../../src-main/core/store/duckdb/open_event_index.ts';
import { tempDir } from './serve.ts';

/** A new, empty event index; its directory goes with the test file's temp dirs. */
export function openTempEventIndex(): Promise<EventIndex> {
  return openEventIndex(path.join(tempDir(), 'events.duckdb'));
}

/** The `errors` row of an event payload, normalized as the pipeline normalizes it. */
export function errorsRowOf(payload: JsonObject, groupId: number, receivedAt = new Date()): ErrorsRow {
  const { event } = normalizeEvent(payload, { receivedAt, projectId: 1, clientIp: '127.0.0.1' });
  return eventToErrorsRow(event, { projectId: 1, groupId, primaryHash: 'a'.repeat(32), receivedAt });
}
