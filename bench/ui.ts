/**
 * The issue list's first page at 100k issues / 1M events: SQLite seeded directly with realistic
 * rows (groups with skewed event counts, their events and hourly counts), then `listIssues` — what
 * `issues.list` runs on the main thread — timed for the searches a user starts with. Searches with
 * tag filters add an event-index (DuckDB) lookup in the worker and are not measured here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listIssues } from '../src-main/core/issues/queries/list.ts';
import { ProjectStore } from '../src-main/core/store/projects.ts';
import { openSqlite, type SqliteDb } from '../src-main/core/store/sqlite.ts';
import { parseIssueSearch } from '../src-shared/issue-search/index.ts';
import type { IssueSort } from '../src-shared/issues-api.ts';
import { percentile, printTable } from './_table.ts';

const ISSUES = 100_000;
const EVENTS = 1_000_000;
const RUNS = 30;
const HOUR = 3_600_000;
const NOW = Date.now();
const TYPES = ['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'PaymentDeclined', 'TimeoutError'];
const FILES = ['app/checkout.ts', 'app/cart.ts', 'lib/db.ts', 'routes/api.ts', 'workers/mail.ts'];

/** Zipf-like: a few issues have most events, as in real projects. */
function eventCounts(): number[] {
  const weights = Array.from({ length: ISSUES }, (_, i) => 1 / (i + 1) ** 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((w / sum) * EVENTS)));
  let left = EVENTS - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % ISSUES, left--) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
}

function seed(db: SqliteDb): void {
  const counts = eventCounts();
  const group = db.prepare(
    `INSERT INTO groups (id, project_id, short_id, status, substatus, level, type, title, culprit, message, metadata,
       platform, first_release, last_release, first_seen, last_seen, times_seen, users_seen, active_at, created_at)
     VALUES (?, 1, ?, ?, ?, ?, 'error', ?, ?, ?, ?, 'node', 'shop@1.0.0', 'shop@1.2.0', ?, ?, ?, ?, ?, ?)`,
  );
  const event = db.prepare(
    `INSERT INTO events (project_id, event_id, group_id, type, timestamp, received, primary_hash, user_key, is_sample)
     VALUES (1, ?, ?, 'error', ?, ?, ?, ?, 0)`,
  );
  const hourly = db.prepare('INSERT INTO group_hourly (group_id, hour, events) VALUES (?, ?, ?)');
  const user = db.prepare('INSERT INTO group_users (group_id, user_key, last_seen) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= ISSUES; id++) {
      const n = counts[id - 1] ?? 1;
      const type = TYPES[id % TYPES.length] ?? 'Error';
      const file = FILES[id % FILES.length] ?? 'app.ts';
      const lastSeen = NOW - Math.floor(Math.random() * 30 * 24 * HOUR);
      const firstSeen = lastSeen - Math.floor(Math.random() * 60 * 24 * HOUR);
      const value = `failure ${id} in ${file}`;
      const status = id % 10 === 0 ? 1 : id % 17 === 0 ? 2 : 0;
      group.run(
        id,
        id,
        status,
        status === 0 ? 3 : null,
        [40, 40, 30, 50, 20][id % 5] ?? 40,
        `${type}: ${value}`,
        `handler${id % 500}(${file})`,
        value,
        JSON.stringify({ type, value, filename: file }),
        firstSeen,
        lastSeen,
        n,
        Math.min(n, 1 + (id % 40)),
        firstSeen,
        firstSeen,
      );
      const hash = crypto.createHash('md5').update(String(id)).digest('hex');
      const perHour = new Map<number, number>();
      const userLastSeen = new Map<string, number>();
      for (let e = 0; e < n; e++) {
        const ts = firstSeen + Math.floor(Math.random() * (lastSeen - firstSeen + 1));
        const userKey = `id:${e % 40}`;
        event.run(crypto.randomUUID().replaceAll('-', ''), id, ts, ts, hash, userKey);
        const hour = Math.floor(ts / HOUR) * HOUR;
        perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
        userLastSeen.set(userKey, Math.max(userLastSeen.get(userKey) ?? 0, ts));
      }
      for (const [hour, count] of perHour) hourly.run(id, hour, count);
      for (const [userKey, ts] of userLastSeen) user.run(id, userKey, ts);
    }
  })();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-ui-'));
const db = openSqlite(dir);
new ProjectStore(db, () => 'http://127.0.0.1:8969').ensureDefaultProject();
const seeding = performance.now();
seed(db);
db.exec('ANALYZE');
console.log(
  `seeded ${ISSUES.toLocaleString()} issues / ${EVENTS.toLocaleString()} events in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
);

const CASES: Array<[string, string, IssueSort, number]> = [
  ['default (unresolved, last seen)', 'is:unresolved', 'date', 0],
  ['first seen', 'is:unresolved', 'new', 0],
  ['events', 'is:unresolved', 'freq', 0],
  ['users', 'is:unresolved', 'user', 0],
  ['level + timesSeen', 'is:unresolved level:error timesSeen:>5', 'date', 0],
  ['free text', 'is:unresolved checkout', 'date', 0],
  ['firstSeen:-24h', 'firstSeen:-24h', 'date', 0],
  ['page at offset 50,000', 'is:unresolved', 'date', 50_000],
];
const rows: Array<Array<string | number>> = [];
for (const [label, query, sort, offset] of CASES) {
  const search = parseIssueSearch(query);
  const times: number[] = [];
  let total = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    total = listIssues(db, { projectId: 1, search, sort, period: '14d', offset, limit: 100, now: NOW }).total;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  rows.push([
    label,
    query,
    total,
    percentile(times, 50),
    percentile(times, 95),
    percentile(times, 95) < 100 ? 'yes' : 'NO',
  ]);
}
console.log(`issues.list first page (100 rows, period 14d, with sparklines), ${RUNS} runs each`);
printTable(['case', 'search', 'matches', 'p50 ms', 'p95 ms', '< 100 ms'], rows);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
