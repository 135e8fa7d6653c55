/**
 * The stored JSON text of events, straight from nodestore: decompressed but never parsed, so an
 * export writes exactly what was stored (and does not pay for a parse and a stringify per event).
 */
import { nodeJsonBytes } from '../store/nodestore.ts';
import type { SqliteDb } from '../store/sqlite.ts';

/** Reads the JSON of a batch of events; the result is parallel to the ids (undefined when missing). */
export type EventJsonReader = (
  projectIds: readonly number[],
  eventIds: readonly string[],
) => Array<Buffer | undefined>;

/**
 * One statement per batch and project: SQLite walks the ids itself, which is several times
 * faster than a lookup per event from JavaScript.
 */
export function eventJsonReader(db: SqliteDb): EventJsonReader {
  const select = db.prepare<[number, string], { event_id: string; data: Buffer }>(
    'SELECT event_id, data FROM nodestore WHERE project_id = ? AND event_id IN (SELECT value FROM json_each(?))',
  );
  return (projectIds, eventIds) => {
    const byProject = new Map<number, string[]>();
    eventIds.forEach((eventId, i) => {
      const projectId = projectIds[i] ?? 0;
      const ids = byProject.get(projectId) ?? [];
      ids.push(eventId);
      byProject.set(projectId, ids);
    });
    const found = new Map<string, Buffer>();
    for (const [projectId, ids] of byProject)
      for (const row of select.all(projectId, JSON.stringify(ids)))
        found.set(`${projectId}:${row.event_id}`, row.data);
    return eventIds.map((eventId, i) => {
      const data = found.get(`${projectIds[i] ?? 0}:${eventId}`);
      return data ? nodeJsonBytes(data) : undefined;
    });
  };
}
