/**
 * Sentry's `Activity` rows: what changed an issue, written in the same transaction as the change
 * (status.ts, record.ts, auto-resolve.ts, merge.ts, notes.ts), with the type and data Sentry keeps
 * (`src-shared/activity-api.ts` lists them). Read by `queries/activity.ts`.
 */
import type { Migration } from '../store/migrations.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';

/** Writes one activity row; returns its id (a note's, for editing and deleting it). */
export function addActivity(
  db: SqliteDb,
  projectId: number,
  groupId: number | null,
  type: string,
  data: Record<string, unknown>,
  now: number,
): number {
  const result = stmt(
    db,
    'INSERT INTO activity (project_id, group_id, type, data, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(projectId, groupId, type, JSON.stringify(data), now);
  return Number(result.lastInsertRowid);
}

/**
 * The data of rows written before they followed Sentry's shapes: a status change kept the API's
 * update (`{status, until, count}`), a merge `{merged: [ids]}`, an unmerge `{hashes, destination |
 * source}`, an escalation after N events `{event_id, snooze: {count}}`.
 */
export const ACTIVITY_DATA_MIGRATION: Migration = {
  name: '0115_activity_sentry_data',
  sql: `
    UPDATE activity SET data = '{}'
      WHERE type IN ('set_resolved', 'set_unresolved') AND data ->> '$.status' IS NOT NULL;
    UPDATE activity SET data = json_set(json_remove(data, '$.status', '$.inRelease'),
        '$.version', coalesce(data ->> '$.version', ''))
      WHERE type = 'set_resolved_in_release' AND data ->> '$.status' IS NOT NULL;
    UPDATE activity SET data = json_object(
        'ignoreCount', CASE WHEN data ->> '$.until' = 'count' THEN data ->> '$.count' END,
        'ignoreDuration', NULL, 'ignoreUntil', NULL, 'ignoreUserCount', NULL,
        'ignoreUserWindow', NULL, 'ignoreWindow', NULL,
        'ignoreUntilEscalating', CASE WHEN data ->> '$.until' = 'escalating' THEN json('true') END)
      WHERE type = 'set_ignored' AND data ->> '$.status' IS NOT NULL;
    UPDATE activity SET data = json_object('event_id', data ->> '$.event_id', 'expired_snooze', json_object(
        'until', NULL, 'count', data ->> '$.snooze.count', 'window', NULL, 'user_count', NULL, 'user_window', NULL))
      WHERE type = 'set_escalating' AND json_type(data, '$.snooze') = 'object';
    UPDATE activity SET data = json_object('issues',
        json((SELECT json_group_array(json_object('id', value)) FROM json_each(activity.data, '$.merged'))))
      WHERE type = 'merge' AND json_type(data, '$.merged') = 'array';
    UPDATE activity SET data = json_object('destination_id', data ->> '$.destination',
        'fingerprints', json(data -> '$.hashes'))
      WHERE type = 'unmerge_source' AND json_type(data, '$.hashes') = 'array';
    UPDATE activity SET data = json_object('source_id', data ->> '$.source',
        'fingerprints', json(data -> '$.hashes'))
      WHERE type = 'unmerge_destination' AND json_type(data, '$.hashes') = 'array';
  `,
};
