/**
 * SnQL query latency over 1M realistic error events (`npm run bench -- query`).
 *
 * Three ways to answer the same five questions (count by level, count by hour, top values of a
 * tag, exception type search, users per issue), each timed as a p50 over several runs:
 * * SnQL through `runSnql` (parse, validate, translate, execute on a DuckDB read connection),
 *   both for a repeated text (its translation is reused) and for a new one each run;
 * * the same question hand-written in DuckDB SQL over the same `errors` table (the overhead of
 *   the SnQL layer is the ratio of the two);
 * * SQLite holding the same events as JSON text with `json_extract` queries (the naive design).
 *
 * The events are seeded straight into the stores (`writeErrorsBatch` with the real row builder,
 * and one SQLite insert per event), not through HTTP, and cached in the temp dir per event count
 * and generator version, so a second run only measures. BENCH_QUERY_EVENTS sets the count
 * (default 1,000,000), BENCH_QUERY_RUNS the timed runs per query (default 9, more for queries
 * that take a few ms; SQLite gets 3). SnQL and hand-written DuckDB SQL run in alternation.
 */

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import type { JsonObject } from '../src-main/core/pipeline/normalize/json.ts';
import { runSnql } from '../src-main/core/snql/execute.ts';
import { eventToErrorsRow } from '../src-main/core/store/duckdb/errors_row.ts';
import { writeErrorsBatch } from '../src-main/core/store/duckdb/errors_writer.ts';
import { type EventIndex, openEventIndex } from '../src-main/core/store/duckdb/open_event_index.ts';
import { FUNCTIONS as APP_FUNCTIONS } from './_pipeline-events.ts';
import { seededRandom } from './_random.ts';
import { percentile, printTable } from './_table.ts';

const EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 9);
const SQLITE_RUNS = Math.max(1, Math.min(RUNS, 3));
const GENERATOR_VERSION = 1;
const PROJECT_ID = 1;
const DAYS = 7;
/** Events end at a fixed instant so a cached seed and the queries always agree. */
const END = Date.UTC(2026, 0, 15, 0, 0, 0);
const START = END - DAYS * 86_400_000;
const BATCH = 50_000;

const dir = path.join(os.tmpdir(), `faultline-bench-query-v${GENERATOR_VERSION}-${EVENTS}`);
const duckdbFile = path.join(dir, 'events.duckdb');
const sqliteFile = path.join(dir, 'events.sqlite');
const doneMarker = path.join(dir, 'seeded');

// ---------------------------------------------------------------------------------------------
// Realistic events: a deterministic generator (the same seed gives the same million events).

const random = seededRandom(20260115);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
/** Weighted pick: a few values take most events, as in real projects. */
function skewed<T>(items: readonly T[]): T {
  const r = random() ** 2.5;
  return items[Math.floor(r * items.length)] as T;
}

const LEVELS: ReadonlyArray<[string, number]> = [
  ['error', 0.7],
  ['warning', 0.15],
  ['info', 0.07],
  ['fatal', 0.03],
  ['debug', 0.05],
];
const EXCEPTION_TYPES = [
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'Error',
  'FetchError',
  'ValidationError',
  'TimeoutError',
  'DatabaseError',
  'AuthenticationError',
];
const FUNCTIONS = [...APP_FUNCTIONS, 'applyCoupon', 'checkout', 'refreshToken', 'listProducts'];
const FILES = [
  'src/cart.ts',
  'src/user.ts',
  'src/api/orders.ts',
  'src/queue.ts',
  'src/mail.ts',
  'src/auth.ts',
];
const TRANSACTIONS = ['/api/orders', '/api/cart', '/checkout', '/login', '/api/products', '/settings', '/'];
const BROWSERS = ['Chrome 131', 'Chrome 130', 'Firefox 133', 'Safari 18.1', 'Edge 131', 'Safari 17.6'];
const OSES = ['Windows 10', 'Mac OS X 10.15.7', 'Linux', 'iOS 18.1', 'Android 14'];
const ENVIRONMENTS = ['production', 'staging', 'development'];
const RELEASES = Array.from({ length: 20 }, (_, i) => `shop@1.${i}.0`);
const SERVERS = Array.from({ length: 12 }, (_, i) => `web-${i + 1}`);
const TIERS = ['free', 'pro', 'enterprise'];
const USERS = 20_000;

function levelOf(r: number): string {
  let acc = 0;
  for (const [level, p] of LEVELS) {
    acc += p;
    if (r < acc) return level;
  }
  return 'error';
}

const hex = (bytes: number): string => crypto.randomBytes(bytes).toString('hex');

interface Generated {
  event: JsonObject;
  groupKey: string;
}

/** One normalized error event, shaped as Relay + Sentry leave it before Snuba (and nodestore). */
function generateEvent(i: number): Generated {
  const timestamp = (START + random() * (END - START)) / 1000;
  const level = levelOf(random());
  const hasException = level !== 'info' && level !== 'debug' && random() < 0.92;
  const fnName = skewed(FUNCTIONS);
  const file = pick(FILES);
  const type = skewed(EXCEPTION_TYPES);
  const userIndex = Math.floor(random() ** 2 * USERS);
  const hasUser = random() < 0.85;
  const [browserName, browserVersion] = pick(BROWSERS).split(' ') as [string, string];
  const [osName, ...osVersion] = pick(OSES).split(' ') as [string, ...string[]];
  const transaction = skewed(TRANSACTIONS);
  const frames: JsonObject[] = [
    { function: 'processTicksAndRejections', module: 'node:internal/process/task_queues', in_app: false },
    { function: 'handle', filename: 'node_modules/express/lib/router/layer.js', lineno: 95, in_app: false },
    {
      function: `${fnName}Handler`,
      filename: 'src/routes.ts',
      abs_path: '/app/src/routes.ts',
      lineno: 40 + (i % 7),
      colno: 12,
      in_app: true,
    },
    {
      function: fnName,
      filename: file,
      abs_path: `/app/${file}`,
      lineno: 10 + ((fnName.length * 7) % 90),
      colno: 5,
      in_app: true,
    },
  ];
  const event: JsonObject = {
    event_id: hex(16),
    project: PROJECT_ID,
    platform: 'node',
    type: 'error',
    timestamp,
    received: timestamp + random() * 2,
    level,
    environment: skewed(ENVIRONMENTS),
    release: skewed([...RELEASES].reverse()),
    transaction,
    server_name: pick(SERVERS),
    tags: [
      ['server_name', pick(SERVERS)],
      ['customer_tier', skewed(TIERS)],
      ['feature', pick(['new-checkout', 'legacy', 'beta-search'])],
    ],
    contexts: {
      browser: { type: 'browser', name: browserName, version: browserVersion },
      os:
        osVersion.length > 0
          ? { type: 'os', name: osName, version: osVersion.join(' ') }
          : { type: 'os', name: osName },
      runtime: { type: 'runtime', name: 'node', version: 'v24.1.0' },
      trace: { type: 'trace', trace_id: hex(16), span_id: hex(8) },
    },
    sdk: {
      name: 'sentry.javascript.node',
      version: '11.0.0',
      integrations: ['Http', 'Express', 'OnUncaughtException'],
    },
    request: { url: `https://shop.example.com${transaction}`, method: pick(['GET', 'POST']) },
  };
  if (hasUser) {
    event.user = {
      id: `u${userIndex}`,
      email: `user${userIndex}@example.com`,
      ip_address: `10.${userIndex % 256}.${(userIndex >> 8) % 256}.${i % 250}`,
      sentry_user: `id:u${userIndex}`,
    };
  }
  if (hasException) {
    event.exception = {
      values: [
        {
          type,
          value: `${type} in ${fnName}: cannot read properties of undefined (reading 'id${i % 50}')`,
          mechanism: { type: 'onunhandledrejection', handled: random() < 0.3 },
          stacktrace: { frames },
        },
      ],
    };
  } else {
    event.logentry = { formatted: `${fnName} took ${Math.floor(random() * 5000)} ms (${level})` };
  }
  return { event, groupKey: hasException ? `${type}:${fnName}` : `msg:${fnName}:${level}` };
}

// ---------------------------------------------------------------------------------------------
// Seeding.

async function seed(): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const index = await openEventIndex(duckdbFile);
  const sqlite = new Database(sqliteFile);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.exec('CREATE TABLE events (event_id TEXT PRIMARY KEY, data TEXT NOT NULL)');
  const insert = sqlite.prepare('INSERT INTO events (event_id, data) VALUES (?, ?)');
  const insertMany = sqlite.transaction((events: JsonObject[]) => {
    for (const event of events) insert.run(event.event_id, JSON.stringify(event));
  });
  const groups = new Map<string, { id: number; hash: string; firstSeen: Date }>();
  const started = performance.now();
  for (let done = 0; done < EVENTS; done += BATCH) {
    const events: JsonObject[] = [];
    const rows = [];
    for (let i = done; i < Math.min(EVENTS, done + BATCH); i++) {
      const { event, groupKey } = generateEvent(i);
      let group = groups.get(groupKey);
      if (!group) {
        const hash = crypto.createHash('md5').update(groupKey).digest('hex');
        group = { id: groups.size + 1, hash, firstSeen: new Date(START) };
        groups.set(groupKey, group);
      }
      events.push(event);
      rows.push(
        eventToErrorsRow(event, {
          projectId: PROJECT_ID,
          groupId: group.id,
          primaryHash: group.hash,
          receivedAt: new Date(Number(event.received) * 1000),
          groupFirstSeen: group.firstSeen,
        }),
      );
    }
    const t0 = performance.now();
    await writeErrorsBatch(index, rows);
    const t1 = performance.now();
    insertMany(events);
    if (process.env.BENCH_QUERY_TRACE)
      console.log(`\nduckdb ${(t1 - t0).toFixed(0)} ms, sqlite ${(performance.now() - t1).toFixed(0)} ms`);
    process.stdout.write(`\rseeded ${Math.min(EVENTS, done + BATCH).toLocaleString('en-US')} events`);
  }
  await index.writer.run('CHECKPOINT');
  index.close();
  sqlite.close();
  fs.writeFileSync(doneMarker, String(EVENTS));
  console.log(` in ${((performance.now() - started) / 1000).toFixed(0)} s (${groups.size} issues)`);
}

// ---------------------------------------------------------------------------------------------
// The questions, three ways.

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
const FROM = iso(START);
const TO = iso(END);
const window = `project_id = ${PROJECT_ID} AND timestamp >= toDateTime('${FROM}') AND timestamp < toDateTime('${TO}')`;
const sqlWindow = `project_id = ${PROJECT_ID} AND "timestamp" >= TIMESTAMP '${FROM}' AND "timestamp" < TIMESTAMP '${TO}' AND deleted = 0`;
const jsonWindow = `json_extract(data, '$.project') = ${PROJECT_ID} AND json_extract(data, '$.timestamp') >= ${START / 1000} AND json_extract(data, '$.timestamp') < ${END / 1000}`;

interface Question {
  name: string;
  snql: string;
  duckdb: string;
  sqlite: string;
  /** The questions with a latency target (< 100 ms at 1M). */
  target?: number;
}

const QUESTIONS: Question[] = [
  {
    name: 'count by level',
    target: 100,
    snql: `MATCH (events) SELECT count() AS count BY level WHERE ${window}`,
    duckdb: `SELECT level, count(*) AS count FROM errors WHERE ${sqlWindow} GROUP BY level`,
    sqlite: `SELECT json_extract(data, '$.level') AS level, count(*) AS count FROM events WHERE ${jsonWindow} GROUP BY 1`,
  },
  {
    name: 'count by hour',
    target: 100,
    snql: `MATCH (events) SELECT count() AS count BY time WHERE ${window} ORDER BY time ASC GRANULARITY 3600`,
    duckdb: `SELECT date_trunc('hour', "timestamp") AS time, count(*) AS count FROM errors WHERE ${sqlWindow} GROUP BY 1 ORDER BY 1`,
    sqlite: `SELECT CAST(json_extract(data, '$.timestamp') / 3600 AS INTEGER) * 3600 AS time, count(*) AS count FROM events WHERE ${jsonWindow} GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'top values of a tag',
    snql: `MATCH (events) SELECT count() AS count BY tags[customer_tier] WHERE ${window} ORDER BY count DESC LIMIT 10`,
    duckdb: `SELECT coalesce(list_extract("tags.value", list_position("tags.key", 'customer_tier')), '') AS tier, count(*) AS count FROM errors WHERE ${sqlWindow} GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
    sqlite: `SELECT coalesce((SELECT json_extract(t.value, '$[1]') FROM json_each(data, '$.tags') AS t WHERE json_extract(t.value, '$[0]') = 'customer_tier'), '') AS tier, count(*) AS count FROM events WHERE ${jsonWindow} GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
  },
  {
    name: 'exception type search',
    snql: `MATCH (events) SELECT event_id, title, timestamp WHERE ${window} AND has(exception_stacks.type, 'RangeError') = 1 ORDER BY timestamp DESC LIMIT 100`,
    duckdb: `SELECT replace(event_id::VARCHAR, '-', '') AS event_id, title, "timestamp" FROM errors WHERE ${sqlWindow} AND list_contains("exception_stacks.type", 'RangeError') ORDER BY "timestamp" DESC LIMIT 100`,
    sqlite: `SELECT json_extract(data, '$.event_id') AS event_id, json_extract(data, '$.exception.values[0].type') AS title, json_extract(data, '$.timestamp') AS ts FROM events WHERE ${jsonWindow} AND EXISTS (SELECT 1 FROM json_each(data, '$.exception.values') AS x WHERE json_extract(x.value, '$.type') = 'RangeError') ORDER BY ts DESC LIMIT 100`,
  },
  {
    name: 'users per issue',
    snql: `MATCH (events) SELECT uniq(user) AS users, count() AS events BY group_id WHERE ${window} ORDER BY users DESC LIMIT 10`,
    duckdb: `SELECT group_id, count(DISTINCT nullif("user", '')) AS users, count(*) AS events FROM errors WHERE ${sqlWindow} GROUP BY group_id ORDER BY users DESC LIMIT 10`,
    sqlite: `SELECT json_extract(data, '$.exception.values[0].type') || ':' || coalesce(json_extract(data, '$.exception.values[0].stacktrace.frames[3].function'), json_extract(data, '$.logentry.formatted')) AS issue, count(DISTINCT json_extract(data, '$.user.sentry_user')) AS users, count(*) AS events FROM events WHERE ${jsonWindow} GROUP BY 1 ORDER BY users DESC LIMIT 10`,
  },
];

async function time(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const [median] = await interleaved(runs, [work]);
  return median ?? Number.NaN;
}

/**
 * p50 of each piece of work, run in turns (a, b, a, b, …) after one warm-up each (caches, first
 * touch of pages): on a machine shared with other work, both sides of a ratio then see the same
 * load. Fast queries get more turns, so a median of a few milliseconds is still a median.
 */
async function interleaved(runs: number, works: Array<() => Promise<unknown> | unknown>): Promise<number[]> {
  for (const work of works) await work();
  const samples: number[][] = works.map(() => []);
  const started = performance.now();
  for (let i = 0; i < runs || (i < runs * 5 && performance.now() - started < 2_000); i++) {
    for (const [w, work] of works.entries()) {
      const t0 = performance.now();
      await work();
      samples[w]?.push(performance.now() - t0);
    }
  }
  return samples.map((s) =>
    percentile(
      s.sort((a, b) => a - b),
      50,
    ),
  );
}

async function snqlRun(conn: DuckDBConnection, text: string): Promise<number> {
  const response = await runSnql(conn, text);
  if ('error' in response) throw new Error(`SnQL failed: ${response.error.message}\n${text}`);
  return response.data.length;
}

async function main(): Promise<void> {
  if (!fs.existsSync(doneMarker)) await seed();
  else console.log(`reusing the seeded events in ${dir}`);
  const index: EventIndex = await openEventIndex(duckdbFile);
  const conn = await index.connect();
  const sqlite = new Database(sqliteFile, { readonly: true });
  sqlite.pragma('cache_size = -1000000');
  const count = Number((await conn.runAndReadAll('SELECT count(*) FROM errors')).getRowsJS()[0]?.[0]);
  console.log(
    `${count.toLocaleString('en-US')} events; ${RUNS} runs per query (SQLite ${SQLITE_RUNS}), p50 in ms`,
  );

  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  for (const q of QUESTIONS) {
    // A repeated text reuses its translation; a new one (here: new trailing spaces) is parsed,
    // validated and translated first.
    let fresh = 0;
    const [snql = Number.NaN, duck = Number.NaN, snqlNew = Number.NaN] = await interleaved(RUNS, [
      () => snqlRun(conn, q.snql),
      () => conn.runAndReadAll(q.duckdb),
      () => snqlRun(conn, `${q.snql}${' '.repeat(++fresh)}`),
    ]);
    const statement = sqlite.prepare(q.sqlite);
    const lite = await time(SQLITE_RUNS, () => statement.all());
    const overhead = snql / duck;
    const speedup = lite / snql;
    rows.push([
      q.name,
      snql,
      snqlNew,
      duck,
      `${overhead.toFixed(2)}x`,
      `${(snqlNew / duck).toFixed(2)}x`,
      lite,
      `${speedup.toFixed(0)}x`,
    ]);
    if (q.target !== undefined && snql >= q.target)
      verdicts.push(`${q.name}: ${snql.toFixed(0)} ms ≥ ${q.target} ms`);
    if (overhead > 1.2) verdicts.push(`${q.name}: overhead ${overhead.toFixed(2)}x > 1.2x`);
    if (speedup < 20) verdicts.push(`${q.name}: only ${speedup.toFixed(1)}x faster than SQLite JSON`);
  }
  printTable(
    [
      'query',
      'SnQL p50',
      'SnQL new text p50',
      'DuckDB SQL p50',
      'overhead',
      'overhead new text',
      'SQLite JSON p50',
      'SnQL vs SQLite',
    ],
    rows,
  );
  console.log(
    verdicts.length === 0
      ? 'targets met: < 100 ms for count by level / by hour, overhead ≤ 1.2x, ≥ 20x faster than SQLite JSON'
      : `targets missed:\n  ${verdicts.join('\n  ')}`,
  );
  conn.closeSync();
  index.close();
  sqlite.close();
}

await main();
