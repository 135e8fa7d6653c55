/**
 * Schema changes applied to a database written by an earlier version: a real SQLite file stopped
 * just before a migration, filled with rows, then opened as the app opens it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../../src-main/core/store/attachments.ts';
import { MIGRATIONS } from '../../../src-main/core/store/migrations.ts';
import { Nodestore } from '../../../src-main/core/store/nodestore.ts';
import { IngestQueue, IngestQueueConsumer, readQueueStats } from '../../../src-main/core/store/queue.ts';
import { openQueueDb, QUEUE_FILE } from '../../../src-main/core/store/queue-db.ts';
import { openSqlite, SQLITE_FILE, type SqliteDb } from '../../../src-main/core/store/sqlite.ts';
import { tempDir } from '../../support/serve.ts';

const dirs: string[] = [];
const opened: SqliteDb[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data dir whose database has every migration before `name` and none from it on. */
function databaseBefore(name: string): { dir: string; db: Database.Database } {
  const dir = tempDir('faultline-migrations-');
  dirs.push(dir);
  const db = new Database(path.join(dir, SQLITE_FILE));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const stop = MIGRATIONS.findIndex((migration) => migration.name === name);
  expect(stop).toBeGreaterThan(0);
  for (const migration of MIGRATIONS.slice(0, stop)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, 0)').run(migration.name);
  }
  return { dir, db };
}

function reopen(dir: string): SqliteDb {
  const db = openSqlite(dir);
  opened.push(db);
  return db;
}

function reopenQueue(dir: string): SqliteDb {
  const db = openQueueDb(dir);
  opened.push(db);
  return db;
}

const tables = (db: SqliteDb) =>
  db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ingest_queue%'",
    )
    .all()
    .map((row) => row.name)
    .sort();

describe('0004_ingest_queue_leases', () => {
  it('keeps every queued envelope, with its lease and attempts, and leases without rewriting rows', () => {
    const { dir, db } = databaseBefore('0004_ingest_queue_leases');
    const insert = db.prepare(
      `INSERT INTO ingest_queue (project_id, key_id, route, event_id, received_at, envelope, size, claimed_at, attempts)
       VALUES (1, 1, 'envelope', NULL, ?, ?, 3, ?, ?)`,
    );
    const now = Date.now();
    insert.run(1, Buffer.from('one'), now, 2); // leased by a consumer still running
    insert.run(2, Buffer.from('two'), null, 1); // released after one attempt
    insert.run(3, Buffer.from('thr'), null, 0); // never claimed
    db.close();

    reopen(dir);
    // Moved to the queue's own file since (0005_ingest_queue_processed).
    const migrated = reopenQueue(dir);
    const columns = migrated
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('ingest_queue')")
      .all()
      .map((column) => column.name);
    expect(columns).not.toContain('claimed_at');
    expect(readQueueStats(migrated)).toMatchObject({ depth: 3, claimed: 1 });

    const consumer = new IngestQueueConsumer(migrated);
    const claimed = consumer.claimBatch(10, now + 1);
    // The leased row stays with its consumer; the others come in order, their attempts counted on.
    expect(claimed.map((row) => [row.receivedAt, row.envelope.toString(), row.attempts])).toEqual([
      [2, 'two', 2],
      [3, 'thr', 1],
    ]);
    expect(consumer.claimBatch(10, now + 61_000).map((row) => [row.receivedAt, row.attempts])).toEqual([
      [1, 3],
      [2, 3],
      [3, 2],
    ]);
    consumer.ack(claimed.map((row) => row.id));
    expect(readQueueStats(migrated)).toMatchObject({ depth: 1, claimed: 1 });
    expect(migrated.prepare('SELECT count(*) AS n FROM ingest_queue_leases').get()).toEqual({ n: 1 });
  });
});

describe('0005_ingest_queue_processed', () => {
  /** A data dir from before, its queue in the metadata database: rows 1-3 enqueued, 1 processed, 2 leased. */
  function oldQueue(): { dir: string; now: number } {
    const { dir, db } = databaseBefore('0005_ingest_queue_processed');
    const insert = db.prepare(
      `INSERT INTO ingest_queue (project_id, key_id, route, event_id, received_at, envelope, size)
       VALUES (1, 1, 'envelope', NULL, ?, ?, 3)`,
    );
    for (const [i, body] of ['one', 'two', 'thr'].entries()) insert.run(i + 1, Buffer.from(body));
    db.prepare('DELETE FROM ingest_queue WHERE id = 1').run();
    const now = Date.now();
    db.prepare('INSERT INTO ingest_queue_leases (id, claimed_at, attempts) VALUES (2, ?, 1)').run(now);
    db.close();
    return { dir, now };
  }

  function expectMoved(dir: string, now: number): void {
    const main = reopen(dir);
    expect(tables(main)).toEqual(['ingest_queue_processed']);
    const queueDb = reopenQueue(dir);
    expect(tables(queueDb)).toEqual(['ingest_queue', 'ingest_queue_leases', 'ingest_queue_stats']);
    expect(readQueueStats(queueDb)).toMatchObject({ depth: 2, bytes: 6, claimed: 1, enqueuedTotal: 3 });
    const consumer = new IngestQueueConsumer(queueDb);
    expect(
      consumer.claimBatch(10, now + 61_000).map((row) => [row.id, row.envelope.toString(), row.attempts]),
    ).toEqual([
      [2, 'two', 2],
      [3, 'thr', 1],
    ]);
  }

  it('moves the queue to its own file with its ids, leases and counters, and ids go on after the highest', async () => {
    const { dir, now } = oldQueue();
    expectMoved(dir, now);
    const queue = new IngestQueue(reopenQueue(dir));
    const id = await queue.enqueue({
      projectId: 1,
      keyId: 1,
      route: 'envelope',
      eventId: null,
      receivedAt: 4,
      clientIp: null,
      userAgent: null,
      origin: null,
      sentryClient: null,
      envelope: Buffer.from('fou'),
    });
    queue.close();
    expect(id).toBe(4);
  });

  it('moves nothing twice when the copy had committed and dropping the old tables had not', () => {
    const { dir, now } = oldQueue();
    // The first attempt's copy, committed before a crash.
    const old = new Database(path.join(dir, SQLITE_FILE));
    old.prepare('ATTACH DATABASE ? AS queue').run(path.join(dir, QUEUE_FILE));
    reopenQueue(dir).close();
    old.exec(`INSERT INTO queue.ingest_queue SELECT id, project_id, key_id, route, event_id, received_at, client_ip,
      user_agent, origin, sentry_client, envelope, size FROM main.ingest_queue`);
    old.close();
    expectMoved(dir, now);
  });
});

describe('0105_events_and_nodestore_by_rowid', () => {
  it('keeps every event and nodestore entry, still one per (project, event id)', () => {
    const { dir, db } = databaseBefore('0105_events_and_nodestore_by_rowid');
    db.prepare("INSERT INTO projects (id, slug, name, created_at) VALUES (1, 'p', 'P', 0)").run();
    const event = db.prepare(
      `INSERT INTO events (project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample)
       VALUES (1, ?, 7, 'error', ?, ?, 'abc', 'id:u', 0)`,
    );
    const node = db.prepare('INSERT INTO nodestore (project_id, event_id, data) VALUES (1, ?, ?)');
    const ids = ['f'.repeat(32), 'a'.repeat(32), 'c'.repeat(32)];
    ids.forEach((id, i) => {
      event.run(id, 1000 + i, 2000 + i);
      node.run(id, Buffer.concat([Buffer.of(0x7a), Buffer.from(`payload ${i}`)]));
    });
    db.close();

    const migrated = reopen(dir);
    const rows = migrated
      .prepare<[], { event_id: string; received: number; group_id: number }>(
        'SELECT event_id, received, group_id FROM events ORDER BY id',
      )
      .all();
    // In arrival order under the new rowid.
    expect(rows.map((row) => row.event_id)).toEqual(ids);
    expect(rows.every((row) => row.group_id === 7)).toBe(true);
    const nodes = migrated
      .prepare<[], { event_id: string; data: Buffer }>('SELECT event_id, data FROM nodestore ORDER BY id')
      .all();
    expect(nodes.map((row) => [row.event_id, row.data.subarray(1).toString()])).toEqual(
      ids.map((id, i) => [id, `payload ${i}`]),
    );
    // The unique keys still make a replayed event a no-op.
    expect(
      migrated
        .prepare(
          `INSERT OR IGNORE INTO events (project_id, event_id, group_id, type, timestamp, received, is_sample)
           VALUES (1, ?, 8, 'error', 0, 0, 0)`,
        )
        .run(ids[0]).changes,
    ).toBe(0);
    const nodestore = new Nodestore(migrated);
    expect(nodestore.put(1, ids[1] ?? '', Buffer.of(0x7a))).toBe(false);
    expect(nodestore.put(1, 'b'.repeat(32), Buffer.of(0x7a))).toBe(true);
  });
});

describe('0110_group_users_last_seen', () => {
  it("keeps each group's users, with the time of each one's latest counted event", () => {
    const { dir, db } = databaseBefore('0110_group_users_last_seen');
    db.prepare("INSERT INTO projects (id, slug, name, created_at) VALUES (1, 'p', 'P', 0)").run();
    const group = db.prepare(
      `INSERT INTO groups (id, project_id, short_id, title, first_seen, last_seen, times_seen, users_seen, created_at)
       VALUES (?, 1, ?, 't', 0, 0, 0, 0, 0)`,
    );
    group.run(1, 1);
    group.run(2, 2);
    const event = db.prepare(
      `INSERT INTO events (project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample)
       VALUES (1, ?, ?, 'error', ?, 0, 'abc', ?, ?)`,
    );
    const user = db.prepare('INSERT OR IGNORE INTO group_users (group_id, user_key) VALUES (?, ?)');
    const rows: Array<[number, number, string | null, number]> = [
      [1, 300, 'id:a', 0],
      [1, 100, 'id:a', 0],
      // A sample event is never counted: it does not make a user's latest event.
      [1, 900, 'id:a', 1],
      [1, 200, 'id:b', 0],
      [1, 500, null, 0],
      [2, 700, 'id:a', 0],
    ];
    rows.forEach(([groupId, timestamp, userKey, sample], i) => {
      event.run(i.toString(16).padStart(32, '0'), groupId, timestamp, userKey, sample);
      if (userKey && !sample) user.run(groupId, userKey);
    });
    db.close();

    const migrated = reopen(dir);
    expect(
      migrated
        .prepare('SELECT group_id, user_key, last_seen FROM group_users ORDER BY group_id, user_key')
        .all(),
    ).toEqual([
      { group_id: 1, user_key: 'id:a', last_seen: 300 },
      { group_id: 1, user_key: 'id:b', last_seen: 200 },
      { group_id: 2, user_key: 'id:a', last_seen: 700 },
    ]);
    // Still one row per group and user, and gone with its group.
    expect(migrated.prepare("INSERT OR IGNORE INTO group_users VALUES (1, 'id:a', 1000)").run().changes).toBe(
      0,
    );
    migrated.prepare('DELETE FROM groups WHERE id = 2').run();
    expect(migrated.prepare('SELECT count(*) AS n FROM group_users WHERE group_id = 2').get()).toEqual({
      n: 0,
    });
  });
});

describe('0115_activity_sentry_data', () => {
  it('rewrites the data of activity written before it followed Sentry’s shapes, and leaves notes and newer rows alone', () => {
    const { dir, db } = databaseBefore('0115_activity_sentry_data');
    const insert = db.prepare(
      'INSERT INTO activity (project_id, group_id, type, data, created_at) VALUES (1, 7, ?, ?, 0)',
    );
    const rows: Array<[string, unknown]> = [
      ['set_resolved', { status: 'resolved' }],
      ['set_resolved_in_release', { status: 'resolved', inRelease: 'a@1', version: 'a@1' }],
      ['set_resolved_in_release', { status: 'resolvedInNextRelease' }],
      ['set_unresolved', { status: 'unresolved' }],
      ['set_ignored', { status: 'ignored', until: 'count', count: 3 }],
      ['set_ignored', { status: 'ignored', until: 'escalating' }],
      ['set_escalating', { event_id: 'e1', snooze: { count: 3 } }],
      ['merge', { merged: [8, 9] }],
      ['unmerge_source', { hashes: ['h1'], destination: 10 }],
      ['unmerge_destination', { hashes: ['h1'], source: 7 }],
      ['note', { text: 'status: keep me' }],
      ['set_regression', { event_id: 'e2', version: 'a@2' }],
    ];
    for (const [type, data] of rows) insert.run(type, JSON.stringify(data));
    db.close();

    const migrated = reopen(dir)
      .prepare<[], { type: string; data: string }>('SELECT type, data FROM activity ORDER BY id')
      .all()
      .map((row) => [row.type, JSON.parse(row.data)]);
    const archived = {
      ignoreCount: null,
      ignoreDuration: null,
      ignoreUntil: null,
      ignoreUserCount: null,
      ignoreUserWindow: null,
      ignoreWindow: null,
      ignoreUntilEscalating: null,
    };
    expect(migrated).toEqual([
      ['set_resolved', {}],
      ['set_resolved_in_release', { version: 'a@1' }],
      ['set_resolved_in_release', { version: '' }],
      ['set_unresolved', {}],
      ['set_ignored', { ...archived, ignoreCount: 3 }],
      ['set_ignored', { ...archived, ignoreUntilEscalating: true }],
      [
        'set_escalating',
        {
          event_id: 'e1',
          expired_snooze: { until: null, count: 3, window: null, user_count: null, user_window: null },
        },
      ],
      ['merge', { issues: [{ id: 8 }, { id: 9 }] }],
      ['unmerge_source', { destination_id: 10, fingerprints: ['h1'] }],
      ['unmerge_destination', { source_id: 7, fingerprints: ['h1'] }],
      ['note', { text: 'status: keep me' }],
      ['set_regression', { event_id: 'e2', version: 'a@2' }],
    ]);
  });
});

describe('0117_group_priority_and_bookmarks', () => {
  it('gives existing issues the priority they showed: an escalation’s set_priority, else their level’s; none locked or bookmarked', () => {
    const { dir, db } = databaseBefore('0117_group_priority_and_bookmarks');
    const insert = db.prepare(
      `INSERT INTO groups (id, project_id, short_id, level, title, first_seen, last_seen, created_at)
         VALUES (?, 1, ?, ?, 't', 0, 0, 0)`,
    );
    // fatal, error, warning, info, debug, and a warning an escalation raised to high.
    for (const [id, level] of [
      [1, 50],
      [2, 40],
      [3, 30],
      [4, 20],
      [5, 10],
      [6, 30],
    ])
      insert.run(id, id, level);
    db.prepare(
      `INSERT INTO activity (project_id, group_id, type, data, created_at)
         VALUES (1, 6, 'set_priority', '{"priority":"high","reason":"escalating"}', 5)`,
    ).run();
    db.close();

    const rows = reopen(dir)
      .prepare('SELECT id, priority, priority_locked_at, bookmarked_at FROM groups ORDER BY id')
      .all();
    const row = (id: number, priority: number) => ({
      id,
      priority,
      priority_locked_at: null,
      bookmarked_at: null,
    });
    expect(rows).toEqual([row(1, 75), row(2, 75), row(3, 50), row(4, 25), row(5, 25), row(6, 75)]);
  });
});

describe('0118_attachments_item_index', () => {
  it('keeps every attachment, and keys the next ones by their item as well: two alike in one envelope, a replay nothing', () => {
    const { dir, db } = databaseBefore('0118_attachments_item_index');
    const insert = db.prepare(
      `INSERT INTO attachments (project_id, event_id, group_id, name, content_type, attachment_type, size, sha256, created_at)
       VALUES (1, ?, 7, ?, 'text/plain', 'event.attachment', 5, ?, ?)`,
    );
    const [eventA, eventB] = ['a'.repeat(32), 'b'.repeat(32)];
    insert.run(eventA, 'app.log', 'f'.repeat(64), 1);
    insert.run(eventA, 'other.log', 'f'.repeat(64), 2);
    insert.run(eventB, 'app.log', 'e'.repeat(64), 3);
    db.close();

    const migrated = reopen(dir);
    const rows = () =>
      migrated
        .prepare('SELECT id, event_id, name, sha256, group_id, created_at FROM attachments ORDER BY id')
        .all();
    expect(rows()).toEqual([
      { id: 1, event_id: eventA, name: 'app.log', sha256: 'f'.repeat(64), group_id: 7, created_at: 1 },
      { id: 2, event_id: eventA, name: 'other.log', sha256: 'f'.repeat(64), group_id: 7, created_at: 2 },
      { id: 3, event_id: eventB, name: 'app.log', sha256: 'e'.repeat(64), group_id: 7, created_at: 3 },
    ]);
    const store = new AttachmentStore(migrated, dir);
    const put = (itemIndex: number) =>
      store.put({
        projectId: 1,
        eventId: 'c'.repeat(32),
        groupId: 8,
        name: 'app.log',
        contentType: 'text/plain',
        attachmentType: 'event.attachment',
        data: Buffer.from('same lines'),
        itemIndex,
        now: 4,
      });
    // Two items of one envelope with the same name and bytes, then that envelope again.
    expect([put(0), put(1), put(0), put(1)]).toEqual([true, true, false, false]);
    expect(store.listForEvent(1, 'c'.repeat(32)).map((row) => row.item_index)).toEqual([0, 1]);
    // The event's attachments are still found by its index.
    const plan = migrated
      .prepare<[], { detail: string }>(
        "EXPLAIN QUERY PLAN SELECT * FROM attachments WHERE project_id = 1 AND event_id = 'c'",
      )
      .all();
    expect(plan.map((step) => step.detail).join()).toMatch(/USING INDEX/);
  });
});

describe('0123_environments', () => {
  const backfillAsked = (db: SqliteDb) =>
    db.prepare("SELECT value FROM settings WHERE key = 'environments.backfill'").get() as
      | { value: string }
      | undefined;

  it('adds empty environment tables to a data dir that had items, and asks the worker to fill them once', () => {
    const { dir, db } = databaseBefore('0123_environments');
    db.prepare(
      "INSERT INTO item_store (project_id, type, received, data) VALUES (1, 'transaction', 1, x'00')",
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT count(*) AS n FROM environments').get()).toEqual({ n: 0 });
    expect(migrated.prepare('SELECT count(*) AS n FROM environment_projects').get()).toEqual({ n: 0 });
    expect(backfillAsked(migrated)).toEqual({ value: '"pending"' });
  });

  it('asks for no fill in a data dir with nothing stored', () => {
    const { dir, db } = databaseBefore('0123_environments');
    db.close();
    expect(backfillAsked(reopen(dir))).toBeUndefined();
  });
});

describe('0124_discover_saved_queries', () => {
  it('adds an empty table of Discover saved queries beside the console’s, whose queries are kept', () => {
    const { dir, db } = databaseBefore('0124_discover_saved_queries');
    db.prepare(
      "INSERT INTO saved_queries (name, query, created_at, updated_at) VALUES ('console', 'MATCH (events)', 1, 1)",
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT count(*) AS n FROM discover_saved_queries').get()).toEqual({ n: 0 });
    expect(migrated.prepare('SELECT name, query FROM saved_queries').all()).toEqual([
      { name: 'console', query: 'MATCH (events)' },
    ]);
    const columns = migrated
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('discover_saved_queries')")
      .all()
      .map((column) => column.name);
    expect(columns).toEqual([
      'id',
      'name',
      'version',
      'dataset',
      'dataset_source',
      'projects',
      'query',
      'date_created',
      'date_updated',
    ]);
  });
});

describe('0125_group_search_views', () => {
  it('adds an empty table of issue views, and the Discover saved queries before it are kept', () => {
    const { dir, db } = databaseBefore('0125_group_search_views');
    db.prepare(
      `INSERT INTO discover_saved_queries (name, version, dataset, dataset_source, projects, query, date_created, date_updated)
       VALUES ('errors', 2, 'error-events', 'user', '[1]', '{}', 1, 1)`,
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT count(*) AS n FROM group_search_views').get()).toEqual({ n: 0 });
    expect(migrated.prepare('SELECT name FROM discover_saved_queries').all()).toEqual([{ name: 'errors' }]);
    const columns = migrated
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('group_search_views')")
      .all()
      .map((column) => column.name);
    expect(columns).toEqual([
      'id',
      'name',
      'query',
      'query_sort',
      'projects',
      'is_all_projects',
      'environments',
      'time_filters',
      'starred_position',
      'last_visited',
      'date_created',
      'date_updated',
    ]);
  });
});

describe('0126_dashboards', () => {
  it('adds empty dashboards, widgets, widget queries and tombstones, keeping Discover’s saved queries', () => {
    const { dir, db } = databaseBefore('0126_dashboards');
    db.prepare(
      `INSERT INTO discover_saved_queries (name, version, dataset, dataset_source, projects, query, date_created, date_updated)
       VALUES ('kept', 2, 'error-events', 'user', '[1]', '{"fields":["title"]}', 1, 1)`,
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT name FROM discover_saved_queries').all()).toEqual([{ name: 'kept' }]);
    for (const table of [
      'dashboards',
      'dashboard_widgets',
      'dashboard_widget_queries',
      'dashboard_tombstones',
    ])
      expect(migrated.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    // A dashboard's widgets and their queries go with it.
    migrated
      .prepare(
        "INSERT INTO dashboards (id, title, filters, projects, date_created) VALUES (1, 'D', '{}', '[]', 1)",
      )
      .run();
    migrated
      .prepare(
        `INSERT INTO dashboard_widgets (id, dashboard_id, widget_order, title, display_type, widget_type, interval, date_created)
         VALUES (1, 1, 0, 'W', 'line', 'error-events', '5m', 1)`,
      )
      .run();
    migrated
      .prepare(
        `INSERT INTO dashboard_widget_queries (widget_id, query_order, name, fields, aggregates, columns, field_aliases, conditions, orderby, date_created)
         VALUES (1, 0, '', '["count()"]', '["count()"]', '[]', '[]', '', '', 1)`,
      )
      .run();
    expect(() =>
      migrated
        .prepare(
          "INSERT INTO dashboards (title, filters, projects, date_created) VALUES ('D', '{}', '[]', 2)",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    migrated.prepare('DELETE FROM dashboards WHERE id = 1').run();
    expect(migrated.prepare('SELECT count(*) AS n FROM dashboard_widget_queries').get()).toEqual({ n: 0 });
  });
});

describe('0127_explore_saved_queries', () => {
  it('adds an empty table of Explore saved queries, keeping Discover’s and the dashboards', () => {
    const { dir, db } = databaseBefore('0127_explore_saved_queries');
    db.prepare(
      `INSERT INTO discover_saved_queries (name, version, dataset, dataset_source, projects, query, date_created, date_updated)
       VALUES ('kept', 2, 'error-events', 'user', '[1]', '{"fields":["title"]}', 1, 1)`,
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT name FROM discover_saved_queries').all()).toEqual([{ name: 'kept' }]);
    expect(migrated.prepare('SELECT count(*) AS n FROM explore_saved_queries').get()).toEqual({ n: 0 });
    migrated
      .prepare(
        `INSERT INTO explore_saved_queries (name, dataset, projects, query, date_added, date_updated)
         VALUES ('spans', 'spans', '[1]', '{"query":[{"mode":"samples"}]}', 1, 1)`,
      )
      .run();
    expect(migrated.prepare('SELECT name, starred_position FROM explore_saved_queries').all()).toEqual([
      { name: 'spans', starred_position: null },
    ]);
  });
});

describe('0128_performance_issues', () => {
  it('gives every issue a group type, an error (1) for the issues before it', () => {
    const { dir, db } = databaseBefore('0128_performance_issues');
    db.prepare(
      `INSERT INTO groups (id, project_id, short_id, level, title, first_seen, last_seen, created_at)
       VALUES (1, 1, 1, 40, 'Error: kept', 1, 1, 1)`,
    ).run();
    db.close();

    const migrated = reopen(dir);
    expect(migrated.prepare('SELECT id, title, type_id FROM groups').all()).toEqual([
      { id: 1, title: 'Error: kept', type_id: 1 },
    ]);
    migrated
      .prepare(
        `INSERT INTO groups (id, project_id, short_id, level, title, first_seen, last_seen, created_at, type_id)
         VALUES (2, 1, 2, 40, 'N+1 Query', 1, 1, 1, 1006)`,
      )
      .run();
    expect(migrated.prepare('SELECT id FROM groups WHERE type_id <> 1').all()).toEqual([{ id: 2 }]);
  });
});
