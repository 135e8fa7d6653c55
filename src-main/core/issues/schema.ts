/**
 * SQLite tables of issues (Sentry's Postgres side): groups (`sentry_groupedmessage`), their hashes
 * (`sentry_grouphash`) with tombstones for "delete & discard", snoozes, resolutions, activity,
 * the per-project short-id counter, distinct users per group, hourly counts, and nodestore;
 * releases (`releases.ts`).
 */
import type { Migration } from '../store/migrations.ts';
import { RELEASES_MIGRATION } from './releases.ts';

/**
 * Sentry's `Group.logger`: the logger of the event that created the issue (the Python SDK's logging
 * integration names its logger; its API serves it as the issue's `logger`). Issues created before
 * have none.
 */
export const GROUP_LOGGER_MIGRATION: Migration = {
  name: '0122_group_logger',
  sql: 'ALTER TABLE groups ADD COLUMN logger TEXT;',
};

export const ISSUES_MIGRATIONS: readonly Migration[] = [
  {
    name: '0100_groups',
    sql: `
      CREATE TABLE project_counters (
        project_id INTEGER PRIMARY KEY,
        value INTEGER NOT NULL
      );
      CREATE TABLE groups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        short_id INTEGER NOT NULL,
        status INTEGER NOT NULL DEFAULT 0,
        substatus INTEGER,
        level INTEGER NOT NULL DEFAULT 40,
        type TEXT NOT NULL DEFAULT 'error',
        title TEXT NOT NULL,
        culprit TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        platform TEXT,
        first_release TEXT,
        last_release TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        times_seen INTEGER NOT NULL DEFAULT 0,
        users_seen INTEGER NOT NULL DEFAULT 0,
        active_at INTEGER,
        resolved_at INTEGER,
        priority INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (project_id, short_id)
      );
      CREATE INDEX groups_last_seen ON groups(project_id, last_seen DESC);
      CREATE INDEX groups_first_seen ON groups(project_id, first_seen DESC);
      CREATE INDEX groups_times_seen ON groups(project_id, times_seen DESC);
      CREATE INDEX groups_users_seen ON groups(project_id, users_seen DESC);
      CREATE INDEX groups_status ON groups(project_id, status, last_seen DESC);

      CREATE TABLE group_tombstones (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        previous_group_id INTEGER NOT NULL,
        level INTEGER NOT NULL,
        title TEXT NOT NULL,
        culprit TEXT NOT NULL,
        message TEXT NOT NULL,
        metadata TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE group_hashes (
        project_id INTEGER NOT NULL,
        hash TEXT NOT NULL,
        group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
        tombstone_id INTEGER REFERENCES group_tombstones(id) ON DELETE SET NULL,
        config TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, hash)
      ) WITHOUT ROWID;
      CREATE INDEX group_hashes_group ON group_hashes(group_id);

      CREATE TABLE group_users (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        user_key TEXT NOT NULL,
        PRIMARY KEY (group_id, user_key)
      ) WITHOUT ROWID;

      CREATE TABLE group_hourly (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        hour INTEGER NOT NULL,
        events INTEGER NOT NULL,
        PRIMARY KEY (group_id, hour)
      ) WITHOUT ROWID;

      CREATE TABLE group_snoozes (
        group_id INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
        until_count INTEGER,
        count_at_snooze INTEGER,
        until_escalating INTEGER NOT NULL DEFAULT 0,
        escalation_threshold INTEGER,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE group_resolutions (
        group_id INTEGER PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        release TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        group_id INTEGER,
        type TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL
      );
      CREATE INDEX activity_group ON activity(group_id, created_at);

      CREATE TABLE events (
        project_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        group_id INTEGER,
        type TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        received INTEGER NOT NULL,
        primary_hash TEXT,
        user_key TEXT,
        is_sample INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX events_group ON events(group_id, timestamp);
      CREATE INDEX events_received ON events(received);

      CREATE TABLE nodestore (
        project_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (project_id, event_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    name: '0101_items_and_attachments',
    sql: `
      -- Everything an envelope carries besides error events (transactions, spans, logs, sessions,
      -- check-ins, feedback …): stored as received, counted per project; pages come later.
      CREATE TABLE item_store (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        type TEXT NOT NULL,
        received INTEGER NOT NULL,
        event_id TEXT,
        associated_event_id TEXT,
        data BLOB NOT NULL
      );
      CREATE INDEX item_store_project_type ON item_store(project_id, type, received);
      CREATE INDEX item_store_associated ON item_store(associated_event_id);

      CREATE TABLE attachments (
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
        UNIQUE (project_id, event_id, name, sha256)
      );
      CREATE INDEX attachments_event ON attachments(project_id, event_id);
      CREATE INDEX attachments_group ON attachments(group_id, attachment_type);
    `,
  },
  {
    name: '0102_issue_list_indexes',
    sql: `
      -- The issue list's first page for every sort, within a status (measured by bench/ui.ts).
      CREATE INDEX groups_status_times_seen ON groups(project_id, status, times_seen DESC);
      CREATE INDEX groups_status_users_seen ON groups(project_id, status, users_seen DESC);
      CREATE INDEX groups_status_first_seen ON groups(project_id, status, first_seen DESC);
    `,
  },
  {
    name: '0103_issue_list_covering_index',
    sql: `
      -- The list filters on (project, status, last_seen range) and sorts by any of the counters: with
      -- them all in one index, matching and sorting never touch the table rows.
      CREATE INDEX groups_list_cover ON groups(project_id, status, last_seen, first_seen, times_seen, users_seen);
    `,
  },
  {
    name: '0104_groups_text_index',
    sql: `
      -- Free text in the issue search is a substring match on title, culprit and message; a trigram
      -- index answers it without reading every group. Kept in step by triggers, and only touched
      -- when one of the three texts really changes (most events repeat them).
      CREATE VIRTUAL TABLE groups_fts USING fts5(
        title, culprit, message, content = 'groups', content_rowid = 'id', tokenize = 'trigram'
      );
      INSERT INTO groups_fts (groups_fts) VALUES ('rebuild');
      CREATE TRIGGER groups_fts_insert AFTER INSERT ON groups BEGIN
        INSERT INTO groups_fts (rowid, title, culprit, message) VALUES (new.id, new.title, new.culprit, new.message);
      END;
      CREATE TRIGGER groups_fts_delete AFTER DELETE ON groups BEGIN
        INSERT INTO groups_fts (groups_fts, rowid, title, culprit, message)
          VALUES ('delete', old.id, old.title, old.culprit, old.message);
      END;
      CREATE TRIGGER groups_fts_update AFTER UPDATE OF title, culprit, message ON groups
        WHEN old.title IS NOT new.title OR old.culprit IS NOT new.culprit OR old.message IS NOT new.message
      BEGIN
        INSERT INTO groups_fts (groups_fts, rowid, title, culprit, message)
          VALUES ('delete', old.id, old.title, old.culprit, old.message);
        INSERT INTO groups_fts (rowid, title, culprit, message) VALUES (new.id, new.title, new.culprit, new.message);
      END;
    `,
  },
  {
    name: '0105_events_and_nodestore_by_rowid',
    sql: `
      -- Event ids are random, so tables keyed by them take each insert at a random place: with the
      -- event's row (or its compressed JSON, kilobytes) in the key's b-tree, every insert dirtied and
      -- split full-sized pages of its own (7 WAL pages written an event, measured). Rows now go in
      -- arrival order under a rowid; only a small unique index entry lands at a random place.
      CREATE TABLE events_by_rowid (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        group_id INTEGER,
        type TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        received INTEGER NOT NULL,
        primary_hash TEXT,
        user_key TEXT,
        is_sample INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO events_by_rowid (project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample)
        SELECT project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample
        FROM events ORDER BY received, project_id, event_id;
      DROP TABLE events;
      ALTER TABLE events_by_rowid RENAME TO events;
      CREATE UNIQUE INDEX events_key ON events(project_id, event_id);
      CREATE INDEX events_group ON events(group_id, timestamp);
      CREATE INDEX events_received ON events(received);

      CREATE TABLE nodestore_by_rowid (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        data BLOB NOT NULL
      );
      INSERT INTO nodestore_by_rowid (project_id, event_id, data)
        SELECT n.project_id, n.event_id, n.data FROM nodestore n
        LEFT JOIN events e ON e.project_id = n.project_id AND e.event_id = n.event_id
        ORDER BY e.id;
      DROP TABLE nodestore;
      ALTER TABLE nodestore_by_rowid RENAME TO nodestore;
      CREATE UNIQUE INDEX nodestore_key ON nodestore(project_id, event_id);
    `,
  },
  RELEASES_MIGRATION,
];
