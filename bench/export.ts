/**
 * `npm run bench -- export` (or `node bench/export.ts [EVENTS]`): exports of 1M events (default)
 * to Parquet, JSONL and CSV, each in a process of its own so its peak RSS is its own, and the same
 * at a quarter of the events to show that memory does not grow with the size.
 *
 * The data dir is seeded directly, not through HTTP: three real SDK events (resources/
 * sample-envelopes), normalized and indexed as the pipeline does, then replicated in DuckDB with
 * new event ids and one-second-apart timestamps, and nodestore entries under the new ids. The seeded dir is kept in the temp folder and reused by the next run.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runExport } from '../src-main/core/export/run-export.ts';
import { parseEnvelope } from '../src-main/core/ingest/envelope-parser.ts';
import type { JsonObject } from '../src-main/core/pipeline/normalize/json.ts';
import { normalizeEvent } from '../src-main/core/pipeline/normalize/normalize_event.ts';
import { EVENT_INDEX_FILE } from '../src-main/core/pipeline/paths.ts';
import { eventToErrorsRow } from '../src-main/core/store/duckdb/errors_row.ts';
import { writeErrorsBatch } from '../src-main/core/store/duckdb/errors_writer.ts';
import { duckdbOptions, openEventIndex } from '../src-main/core/store/duckdb/open_event_index.ts';
import { encodeNode } from '../src-main/core/store/nodestore.ts';
import { openSqlite } from '../src-main/core/store/sqlite.ts';
import type { ExportRequest } from '../src-shared/export-api.ts';
import { printTable } from './_table.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../resources/sample-envelopes');
const BASE_SECONDS = Date.UTC(2026, 0, 1) / 1000;
const RSS_SAMPLE_MS = 20;

function eventIdOf(i: number): string {
  return crypto.createHash('md5').update(String(i)).digest('hex');
}

function templates(): JsonObject[] {
  return fs
    .readdirSync(SAMPLES)
    .filter((name) => name.endsWith('.envelope'))
    .sort()
    .flatMap((name) => {
      const envelope = parseEnvelope(fs.readFileSync(path.join(SAMPLES, name)));
      const item = envelope.items.find((i) => i.headers.type === 'event');
      if (!item) return [];
      const raw = JSON.parse(item.payload.toString('utf8')) as JsonObject;
      return [normalizeEvent(raw, { receivedAt: new Date(BASE_SECONDS * 1000), projectId: 1 }).event];
    });
}

async function seedIndex(dataDir: string, events: JsonObject[], count: number): Promise<void> {
  const index = await openEventIndex(path.join(dataDir, EVENT_INDEX_FILE));
  const rows = events.map((event, k) =>
    eventToErrorsRow(event, {
      projectId: 1,
      groupId: k + 1,
      primaryHash: crypto.createHash('md5').update(`template-${k}`).digest('hex'),
      receivedAt: new Date(BASE_SECONDS * 1000),
    }),
  );
  await writeErrorsBatch(index, rows);
  const uuid = `(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12))::UUID`;
  await index.writer.run(`CREATE TEMP TABLE tpl AS SELECT row_number() OVER () - 1 AS k, * FROM errors`);
  await index.writer.run('DELETE FROM errors');
  await index.writer.run(
    `INSERT INTO errors SELECT * EXCLUDE (k, i, h) REPLACE (
       ${uuid} AS event_id,
       to_timestamp(${BASE_SECONDS} + i)::TIMESTAMP AS "timestamp",
       to_timestamp(${BASE_SECONDS} + i)::TIMESTAMP AS received,
       epoch_ms((${BASE_SECONDS} + i) * 1000) AS timestamp_ms
     ) FROM tpl JOIN (SELECT i, md5(i::VARCHAR) AS h FROM range(${count}) r(i)) ON i % ${events.length} = k
     ORDER BY i`,
  );
  await index.writer.run('CHECKPOINT');
  index.close();
}

/**
 * Each nodestore entry is its template's compressed JSON: compressing a million distinct payloads
 * would make seeding take longer than the benchmark, and an export reads, decompresses and writes
 * an entry the same way whatever its id says inside.
 */
function seedNodestore(dataDir: string, events: JsonObject[], count: number): void {
  const db = openSqlite(dataDir);
  const insert = db.prepare('INSERT INTO nodestore (project_id, event_id, data) VALUES (1, ?, ?)');
  const blobs = events.map((event) => encodeNode(event));
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(eventIdOf(i), blobs[i % events.length]);
  });
  for (let from = 0; from < count; from += 10_000) batch(from, Math.min(count, from + 10_000));
  db.close();
}

async function seed(count: number): Promise<string> {
  const dataDir = path.join(os.tmpdir(), `faultline-bench-export-${count}`);
  if (fs.existsSync(path.join(dataDir, 'seeded'))) return dataDir;
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  const events = templates();
  await seedIndex(dataDir, events, count);
  seedNodestore(dataDir, events, count);
  fs.writeFileSync(path.join(dataDir, 'seeded'), `${count}\n`);
  console.log(
    `seeded ${count.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dataDir}`,
  );
  return dataDir;
}

interface Measurement {
  rows: number;
  bytes: number;
  ms: number;
  /** RSS once the stores are open, before the export. */
  baselineRss: number;
  peakRss: number;
}

/** One export in this process (the CLI's path without a server): DuckDB read-only, SQLite read-only. */
async function measure(dataDir: string, request: ExportRequest, out: string): Promise<Measurement> {
  const instance = await DuckDBInstance.create(
    path.join(dataDir, EVENT_INDEX_FILE),
    duckdbOptions({ access_mode: 'READ_ONLY' }),
  );
  const db = openSqlite(dataDir, { readonly: true });
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const started = performance.now();
  try {
    const result = await runExport({ connect: () => instance.connect(), db }, request, out);
    const ms = performance.now() - started;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { rows: result.rows, bytes: result.bytes, ms, baselineRss, peakRss };
  } finally {
    clearInterval(sampler);
    db.close();
    instance.closeSync();
    fs.rmSync(out, { force: true });
  }
}

interface Case {
  label: string;
  request: ExportRequest;
}

function cases(count: number): Case[] {
  const quarter = { until: (BASE_SECONDS + Math.floor(count / 4)) * 1000 };
  return [
    { label: 'parquet', request: { selection: {}, format: 'parquet' } },
    { label: 'jsonl', request: { selection: {}, format: 'jsonl' } },
    { label: 'csv', request: { selection: {}, format: 'csv' } },
    { label: 'parquet', request: { selection: quarter, format: 'parquet' } },
    { label: 'jsonl', request: { selection: quarter, format: 'jsonl' } },
    { label: 'parquet + event', request: { selection: quarter, format: 'parquet', includeEvent: true } },
  ];
}

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--measure') {
    const [dataDir = '', requestJson = '{}', out = ''] = rest;
    const result = await measure(dataDir, JSON.parse(requestJson) as ExportRequest, out);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const count = first ? Number(first) : 1_000_000;
  const dataDir = await seed(count);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-out-'));
  const table: (string | number)[][] = [];
  for (const { label, request } of cases(count)) {
    const out = path.join(outDir, `export.${request.format}`);
    const child = spawnSync(
      process.execPath,
      [import.meta.filename, '--measure', dataDir, JSON.stringify(request), out],
      { encoding: 'utf8', maxBuffer: 1024 * 1024 },
    );
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exitCode = 1;
      continue;
    }
    const m = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measurement;
    table.push([
      label,
      m.rows,
      Number((m.ms / 1000).toFixed(2)),
      Math.round(m.rows / (m.ms / 1000)),
      mb(m.bytes),
      mb(m.baselineRss),
      mb(m.peakRss),
    ]);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  printTable(['export', 'events', 'seconds', 'events/s', 'file MB', 'RSS before MB', 'peak RSS MB'], table);
  console.log(
    `(${os.cpus().length} cores; target: 1M events to Parquet under 10 s, peak RSS flat in the event count)`,
  );
}

await main();
