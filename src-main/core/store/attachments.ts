/**
 * Attachments (screenshots, logs, minidumps) in a content-addressed file store under the data
 * dir, with metadata in SQLite. The same bytes sent twice are stored once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentInfo } from '../../../src-shared/issues-api.ts';
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

export const CRASH_REPORT_TYPES = new Set([
  'event.minidump',
  'event.applecrashreport',
  'unreal.context',
  'playstation.prosperodump',
]);

export class AttachmentStore {
  readonly #db: SqliteDb;
  readonly #root: string;

  constructor(db: SqliteDb, dataDir: string) {
    this.#db = db;
    this.#root = path.join(dataDir, 'attachments');
  }

  /** The folder of the files, `<root>/ab/cdef…`. */
  get root(): string {
    return this.#root;
  }

  pathFor(sha256: string): string {
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2));
  }

  /** Writes the file (if new) before the metadata row, so a row never names a missing file. */
  put(input: AttachmentInput): void {
    const sha256 = crypto.createHash('sha256').update(input.data).digest('hex');
    const file = this.pathFor(sha256);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, input.data);
      fs.renameSync(temp, file);
    }
    stmt(
      this.#db,
      `INSERT OR IGNORE INTO attachments (project_id, event_id, group_id, name, content_type, attachment_type, size, sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    );
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
