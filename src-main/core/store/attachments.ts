/**
 * Attachments (screenshots, logs, minidumps) in a content-addressed file store under the data
 * dir, with metadata in SQLite. The same bytes sent twice are one file; each attachment item of
 * an envelope is a row of its own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentInfo } from '../../../src-shared/issues-api.ts';
import type { Migration } from './migrations.ts';
import type { SqliteDb } from './sqlite.ts';
import { stmt } from './statements.ts';

export interface AttachmentInput {
  projectId: number;
  eventId: string;
  groupId: number | null;
  name: string;
  contentType: string;
  attachmentType: string;
  data: Buffer;
  /** Its position among its envelope's attachments: what tells two alike items of one envelope apart. */
  itemIndex: number;
  now: number;
}

export interface AttachmentRow {
  id: number;
  project_id: number;
  event_id: string;
  group_id: number | null;
  name: string;
  content_type: string;
  attachment_type: string;
  size: number;
  sha256: string;
  created_at: number;
  item_index: number;
}

/** Attachment types that are crash reports, limited per issue (Sentry's `filter_attachments_for_group`). */
/** What the API says of a stored attachment (its content comes with `attachments.get`). */
export function attachmentInfo(row: AttachmentRow): AttachmentInfo {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    attachmentType: row.attachment_type,
    size: row.size,
  };
}

/** The data dir's folder of attachment files (content-addressed). */
export const ATTACHMENTS_DIR = 'attachments';

export const CRASH_REPORT_TYPES = new Set([
  'event.minidump',
  'event.applecrashreport',
  'unreal.context',
  'playstation.prosperodump',
]);

export const ATTACHMENT_ITEM_MIGRATION: Migration = {
  name: '0118_attachments_item_index',
  sql: `
    -- Sentry keeps every attachment item of an envelope; the key (project, event, name, sha256) kept
    -- one of two items with the same name and bytes while outcomes counted both. The key now also
    -- takes the item's position among its envelope's attachments: two such items are two rows, an
    -- envelope processed again (a replay) writes the same keys and adds nothing. SQLite changes a
    -- table's UNIQUE constraint only by rebuilding it; rows kept so far take position 0.
    CREATE TABLE attachments_by_item (
      id INTEGER PRIMARY KEY,
      project_id INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      group_id INTEGER,
      name TEXT NOT NULL,
      content_type TEXT NOT NULL,
      attachment_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      item_index INTEGER NOT NULL DEFAULT 0,
      UNIQUE (project_id, event_id, name, sha256, item_index)
    );
    INSERT INTO attachments_by_item
        (id, project_id, event_id, group_id, name, content_type, attachment_type, size, sha256, created_at)
      SELECT id, project_id, event_id, group_id, name, content_type, attachment_type, size, sha256, created_at
      FROM attachments;
    DROP TABLE attachments;
    ALTER TABLE attachments_by_item RENAME TO attachments;
    CREATE INDEX attachments_event ON attachments(project_id, event_id);
    CREATE INDEX attachments_group ON attachments(group_id, attachment_type);
  `,
};

export class AttachmentStore {
  readonly #db: SqliteDb;
  readonly #root: string;

  constructor(db: SqliteDb, dataDir: string) {
    this.#db = db;
    this.#root = path.join(dataDir, ATTACHMENTS_DIR);
  }

  /** The folder of the files, `<root>/ab/cdef…`. */
  get root(): string {
    return this.#root;
  }

  pathFor(sha256: string): string {
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2));
  }

  /**
   * Writes the file (if new) before the metadata row, so a row never names a missing file. False
   * when the row was there already (this item of this envelope was stored before).
   */
  put(input: AttachmentInput): boolean {
    const sha256 = crypto.createHash('sha256').update(input.data).digest('hex');
    const file = this.pathFor(sha256);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, input.data);
      fs.renameSync(temp, file);
    }
    const { changes } = stmt(
      this.#db,
      `INSERT OR IGNORE INTO attachments (project_id, event_id, group_id, name, content_type, attachment_type, size, sha256, created_at, item_index)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.projectId,
      input.eventId,
      input.groupId,
      input.name,
      input.contentType,
      input.attachmentType,
      input.data.length,
      sha256,
      input.now,
      input.itemIndex,
    );
    return changes > 0;
  }

  crashReportCount(groupId: number): number {
    const row = stmt<unknown[], { n: number }>(
      this.#db,
      `SELECT count(*) AS n FROM attachments WHERE group_id = ? AND attachment_type IN (${[...CRASH_REPORT_TYPES].map(() => '?').join(',')})`,
    ).get(groupId, ...CRASH_REPORT_TYPES);
    return row?.n ?? 0;
  }

  listForEvent(projectId: number, eventId: string): AttachmentRow[] {
    return stmt<[number, string], AttachmentRow>(
      this.#db,
      'SELECT * FROM attachments WHERE project_id = ? AND event_id = ? ORDER BY id',
    ).all(projectId, eventId);
  }

  read(row: AttachmentRow): Buffer {
    return fs.readFileSync(this.pathFor(row.sha256));
  }
}
