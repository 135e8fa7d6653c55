/**
 * Every schema change of the SQLite store, in order. Entries are never edited once released:
 * a change is a new entry. Names are unique and sort-independent (applied in list order).
 */
import { GROUP_RULE_STATUS_MIGRATION } from '../alerts/frequency-alerts.ts';
import { DASHBOARDS_MIGRATION } from '../dashboards/store.ts';
import { DISCOVER_SAVED_QUERIES_MIGRATION } from '../discover/saved-queries.ts';
import { ENVIRONMENTS_MIGRATION } from '../environments/store.ts';
import { EXPLORE_SAVED_QUERIES_MIGRATION } from '../explore/saved-queries.ts';
import { ACTIVITY_DATA_MIGRATION } from '../issues/activity.ts';
import { PENDING_REPLACEMENTS_MIGRATION } from '../issues/pending-replacements.ts';
import { PRIORITY_MIGRATION } from '../issues/priority.ts';
import { GROUP_LOGGER_MIGRATION, ISSUES_MIGRATIONS } from '../issues/schema.ts';
import { ISSUE_VIEWS_MIGRATION } from '../issues/views.ts';
import { PERFORMANCE_ISSUES_MIGRATION } from '../performance-issues/migration.ts';
import { RELEASE_MANAGEMENT_MIGRATION } from '../releases/release-store.ts';
import { SAVED_QUERIES_MIGRATION } from '../snql/saved-queries.ts';
import { ITEM_TRACE_MIGRATION } from '../traces/trace-key.ts';
import { ATTACHMENT_ITEM_MIGRATION } from './attachments.ts';
import { OUTCOME_MIGRATIONS } from './outcome-migrations.ts';
import { EVENTS_SAMPLE_INDEX_MIGRATION, SCALE_MIGRATIONS } from './scale-migrations.ts';

export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_projects',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        options TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE project_keys (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        public_key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL DEFAULT 'Default',
        is_active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX project_keys_project ON project_keys(project_id);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    name: '0002_ingest_queue',
    sql: `
      CREATE TABLE ingest_queue (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id INTEGER NOT NULL,
        key_id INTEGER,
        route TEXT NOT NULL,
        event_id TEXT,
        received_at INTEGER NOT NULL,
        client_ip TEXT,
        user_agent TEXT,
        origin TEXT,
        sentry_client TEXT,
        envelope BLOB NOT NULL,
        size INTEGER NOT NULL,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE ingest_queue_stats (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        depth INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        enqueued_total INTEGER NOT NULL
      );
      INSERT INTO ingest_queue_stats (id, depth, bytes, enqueued_total) VALUES (1, 0, 0, 0);
      CREATE TRIGGER ingest_queue_stats_insert AFTER INSERT ON ingest_queue BEGIN
        UPDATE ingest_queue_stats
          SET depth = depth + 1, bytes = bytes + NEW.size, enqueued_total = enqueued_total + 1 WHERE id = 1;
      END;
      CREATE TRIGGER ingest_queue_stats_delete AFTER DELETE ON ingest_queue BEGIN
        UPDATE ingest_queue_stats SET depth = depth - 1, bytes = bytes - OLD.size WHERE id = 1;
      END;
    `,
  },
  {
    name: '0003_outcomes',
    sql: `
      CREATE TABLE outcomes (
        project_id INTEGER NOT NULL,
        hour INTEGER NOT NULL,
        category TEXT NOT NULL,
        outcome INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        quantity INTEGER NOT NULL,
        PRIMARY KEY (project_id, hour, category, outcome, reason)
      ) WITHOUT ROWID;
      CREATE INDEX outcomes_hour ON outcomes(hour);
    `,
  },
  ...ISSUES_MIGRATIONS,
  SAVED_QUERIES_MIGRATION,
  {
    name: '0004_ingest_queue_leases',
    sql: `
      -- A claim used to set two columns of the queue row, and SQLite rewrites a whole row on update:
      -- every envelope was written once more (a WAL page an event, measured) just to lease it.
      -- Leases now live in their own small rows; deleting a queue row (the ack) deletes its lease.
      CREATE TABLE ingest_queue_leases (
        id INTEGER PRIMARY KEY,
        claimed_at INTEGER,
        attempts INTEGER NOT NULL
      );
      INSERT INTO ingest_queue_leases (id, claimed_at, attempts)
        SELECT id, claimed_at, attempts FROM ingest_queue WHERE claimed_at IS NOT NULL OR attempts > 0;
      ALTER TABLE ingest_queue DROP COLUMN claimed_at;
      ALTER TABLE ingest_queue DROP COLUMN attempts;
      CREATE TRIGGER ingest_queue_leases_delete AFTER DELETE ON ingest_queue BEGIN
        DELETE FROM ingest_queue_leases WHERE id = OLD.id;
      END;
    `,
  },
  {
    name: '0005_ingest_queue_processed',
    sql: `
      -- The ingest queue moved to a file of its own (queue-db.ts). A pipeline transaction here marks
      -- the queue rows it processed; the rows are deleted from the queue file afterwards, then their
      -- marks. A crash in between leaves marks whose rows are deleted at the next start, unprocessed.
      CREATE TABLE ingest_queue_processed (id INTEGER PRIMARY KEY);
    `,
  },
  ...SCALE_MIGRATIONS,
  ...OUTCOME_MIGRATIONS,
  PENDING_REPLACEMENTS_MIGRATION,
  {
    name: '0114_drop_groups_text_index',
    sql: `
      -- Free text in the issue search now matches each event's message in the event index, as
      -- Sentry's does (an issue matches when one of its events does), not the issue's own texts:
      -- the trigram index of 0104 and its triggers have no reader left.
      DROP TRIGGER IF EXISTS groups_fts_insert;
      DROP TRIGGER IF EXISTS groups_fts_delete;
      DROP TRIGGER IF EXISTS groups_fts_update;
      DROP TABLE IF EXISTS groups_fts;
    `,
  },
  ACTIVITY_DATA_MIGRATION,
  ITEM_TRACE_MIGRATION,
  PRIORITY_MIGRATION,
  ATTACHMENT_ITEM_MIGRATION,
  RELEASE_MANAGEMENT_MIGRATION,
  EVENTS_SAMPLE_INDEX_MIGRATION,
  GROUP_RULE_STATUS_MIGRATION,
  GROUP_LOGGER_MIGRATION,
  ENVIRONMENTS_MIGRATION,
  DISCOVER_SAVED_QUERIES_MIGRATION,
  ISSUE_VIEWS_MIGRATION,
  DASHBOARDS_MIGRATION,
  EXPLORE_SAVED_QUERIES_MIGRATION,
  PERFORMANCE_ISSUES_MIGRATION,
];
