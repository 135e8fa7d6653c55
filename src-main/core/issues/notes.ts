/**
 * Notes on an issue, Sentry's comments (`group_notes.py`, `group_notes_details.py`): a `note`
 * activity whose data is `{text}`, added, edited (its date stays: Sentry keeps no last-modified) and
 * deleted. The same text on the same issue twice within an hour is refused, as Sentry does.
 * Faultline has one user, so every note is theirs to edit or delete.
 */
import { FaultlineError } from '../../../src-shared/errors.ts';
import type { IssueActivity } from '../../../src-shared/issues-api.ts';
import type { SqliteDb } from '../store/sqlite.ts';
import { stmt } from '../store/statements.ts';
import { addActivity } from './activity.ts';
import { toActivity } from './queries/activity.ts';

const DUPLICATE_WINDOW_MS = 3600 * 1000;

function projectOf(db: SqliteDb, groupId: number): number {
  const group = stmt<[number], { project_id: number }>(db, 'SELECT project_id FROM groups WHERE id = ?').get(
    groupId,
  );
  if (!group) throw new FaultlineError('not_found', `issue ${groupId} does not exist`);
  return group.project_id;
}

function readNote(db: SqliteDb, groupId: number, noteId: number): IssueActivity {
  const row = stmt<[number, number], { id: number; type: string; data: string; created_at: number }>(
    db,
    "SELECT id, type, data, created_at FROM activity WHERE id = ? AND group_id = ? AND type = 'note'",
  ).get(noteId, groupId);
  if (!row) throw new FaultlineError('not_found', `issue ${groupId} has no note ${noteId}`);
  return toActivity(row);
}

/** Adds a note; returns it with its id and projectId (whose UIs are told). */
export function addNote(
  db: SqliteDb,
  groupId: number,
  text: string,
  now: number,
): { note: IssueActivity; projectId: number } {
  return db
    .transaction(() => {
      const projectId = projectOf(db, groupId);
      const data = JSON.stringify({ text });
      const repeated = stmt(
        db,
        "SELECT 1 FROM activity WHERE group_id = ? AND type = 'note' AND data = ? AND created_at >= ?",
      ).get(groupId, data, now - DUPLICATE_WINDOW_MS);
      if (repeated) throw new FaultlineError('invalid_params', 'You have already posted that comment.');
      const id = addActivity(db, projectId, groupId, 'note', { text }, now);
      return { note: readNote(db, groupId, id), projectId };
    })
    .immediate();
}

export function updateNote(
  db: SqliteDb,
  groupId: number,
  noteId: number,
  text: string,
): { note: IssueActivity; projectId: number } {
  return db
    .transaction(() => {
      const projectId = projectOf(db, groupId);
      readNote(db, groupId, noteId);
      stmt(db, "UPDATE activity SET data = json_set(data, '$.text', ?) WHERE id = ?").run(text, noteId);
      return { note: readNote(db, groupId, noteId), projectId };
    })
    .immediate();
}

export function deleteNote(db: SqliteDb, groupId: number, noteId: number): { projectId: number } {
  return db
    .transaction(() => {
      const projectId = projectOf(db, groupId);
      const deleted = stmt(db, "DELETE FROM activity WHERE id = ? AND group_id = ? AND type = 'note'").run(
        noteId,
        groupId,
      ).changes;
      if (deleted === 0) throw new FaultlineError('not_found', `issue ${groupId} has no note ${noteId}`);
      return { projectId };
    })
    .immediate();
}
