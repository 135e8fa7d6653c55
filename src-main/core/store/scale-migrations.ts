/**
 * Schema changes that keep the issue pages' reads proportional to what they show, not to every
 * event stored (measured over a data dir of 300,000 events in 30 days).
 */
import type { Migration } from './migrations.ts';

export const SCALE_MIGRATIONS: readonly Migration[] = [
  {
    name: '0110_group_users_last_seen',
    sql: `
      -- The issue list's users (and its users sort) are the period's: counted from the events of
      -- every listed group, that read every event of the period (~250 ms at 300k events in 30 days).
      -- A user is in the period when its latest event on the group is: group_users keeps that time.
      CREATE TABLE group_users_by_last_seen (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        user_key TEXT NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (group_id, user_key)
      ) WITHOUT ROWID;
      INSERT INTO group_users_by_last_seen (group_id, user_key, last_seen)
        SELECT group_id, user_key, max(timestamp) FROM events
        WHERE group_id IN (SELECT id FROM groups) AND user_key IS NOT NULL AND is_sample = 0
        GROUP BY group_id, user_key;
      DROP TABLE group_users;
      ALTER TABLE group_users_by_last_seen RENAME TO group_users;
    `,
  },
  {
    name: '0111_events_group_hash_index',
    sql: `
      -- An issue's hashes with their event counts and latest events (the issue page, unmerge):
      -- without it each hash read every event of the issue (80 ms for an issue of 25k events).
      CREATE INDEX events_group_hash ON events(group_id, primary_hash, timestamp);
    `,
  },
];

/**
 * The sample events (Sentry's "send a sample event"), which the event index leaves out: the worker's
 * start compares the events it indexes with the index's rows (pipeline/reindex.ts), and counting
 * them by a scan of `events` took 18-24 ms at 210k events; this index holds only the samples.
 */
export const EVENTS_SAMPLE_INDEX_MIGRATION: Migration = {
  name: '0120_events_sample_index',
  sql: `
    CREATE INDEX events_sample ON events(group_id) WHERE is_sample = 1;
  `,
};
