import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.ts';
import { ERRORS_COLUMNS } from '../../../src-main/core/store/duckdb/schema.ts';
import type { ExportRequest } from '../../../src-shared/export-api.ts';
import { call, parseCsv, seedCore, startCore, waitForExport } from './helpers.ts';

let core: Core;
let eventCount: number;

beforeAll(async () => {
  core = await startCore();
  await seedCore(core);
  eventCount = (core.ctx.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
});
afterAll(() => core?.close());

async function exportTo(request: ExportRequest): Promise<{ file: string; rows: number }> {
  const started = await call(core, 'export.start', request);
  const done = await waitForExport(core, started.exportId);
  expect(done.state, JSON.stringify(done.error)).toBe('done');
  const file = path.join(core.ctx.dataDir, 'exports', done.file ?? '');
  expect(fs.statSync(file).size).toBe(done.bytes);
  return { file, rows: done.rows };
}

interface DuckdbRead {
  count: number;
  types: Map<string, string>;
  /** Each event's `timestamp_ms` as epoch milliseconds, by event id (32 hex digits). */
  times: Map<string, number>;
}

async function duckdbRead(file: string): Promise<DuckdbRead> {
  const instance = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false' });
  const conn = await instance.connect();
  try {
    const literal = `'${file.replaceAll("'", "''")}'`;
    const count = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${literal})`);
    const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal})`);
    const times = await conn.runAndReadAll(
      `SELECT replace(event_id::VARCHAR, '-', ''), epoch_ms(timestamp_ms) FROM read_parquet(${literal})`,
    );
    return {
      count: Number(count.getRowsJS()[0]?.[0]),
      types: new Map(described.getRowsJS().map(([name, type]) => [String(name), String(type)])),
      times: new Map(times.getRowsJS().map(([id, ms]) => [String(id), Number(ms)])),
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

interface SchemaNode {
  element: {
    name: string;
    type?: string;
    converted_type?: string;
    logical_type?: { type: string; unit?: string; isAdjustedToUTC?: boolean };
  };
  children: SchemaNode[];
}

/** The DuckDB type a Parquet column of hyparquet's schema stands for. */
function duckdbTypeOf(node: SchemaNode): string {
  const { element } = node;
  if (element.converted_type === 'LIST') {
    const item = node.children[0]?.children[0];
    return `${item ? duckdbTypeOf(item) : '?'}[]`;
  }
  if (element.logical_type?.type === 'UUID') return 'UUID';
  if (element.logical_type?.type === 'TIMESTAMP') {
    const { unit, isAdjustedToUTC } = element.logical_type;
    if (isAdjustedToUTC) return unit === 'MICROS' ? 'TIMESTAMPTZ' : `TIMESTAMPTZ(${unit})`;
    return unit === 'MILLIS' ? 'TIMESTAMP_MS' : 'TIMESTAMP';
  }
  const unsigned: Record<string, string> = {
    UINT_8: 'UTINYINT',
    UINT_16: 'USMALLINT',
    UINT_32: 'UINTEGER',
    UINT_64: 'UBIGINT',
    UTF8: 'VARCHAR',
  };
  if (element.converted_type && unsigned[element.converted_type])
    return unsigned[element.converted_type] ?? '?';
  return element.type ?? '?';
}

const errorsTypes = new Map(ERRORS_COLUMNS.map((c) => [c.name, c.type.toString()]));
/** The errors columns' types in a Parquet export: timestamps marked UTC (microseconds, as DuckDB writes them). */
const exportedTypes = new Map(
  [...errorsTypes].map(([name, type]) => [name, type.startsWith('TIMESTAMP') ? 'TIMESTAMPTZ' : type]),
);
/** The same as DuckDB describes a Parquet file's columns. */
const readBackTypes = new Map(
  [...exportedTypes].map(([name, type]) => [
    name,
    type === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : type,
  ]),
);

/** Each stored event's time (epoch ms) by event id, as the issue pages have it. */
function storedTimes(): Map<string, number> {
  const rows = core.ctx.db.prepare('SELECT event_id, timestamp FROM events').all() as Array<{
    event_id: string;
    timestamp: number;
  }>;
  return new Map(rows.map((r) => [r.event_id, r.timestamp]));
}

describe('Parquet export', () => {
  it('reads back in DuckDB with every event, the errors columns’ types and UTC-marked times', async () => {
    const { file, rows } = await exportTo({ selection: {}, format: 'parquet' });
    expect(rows).toBe(eventCount);
    const read = await duckdbRead(file);
    expect(read.count).toBe(eventCount);
    expect(read.types).toEqual(readBackTypes);
    expect(read.times).toEqual(storedTimes());
  });

  it('reads back in hyparquet with the same rows and column types', async () => {
    const { file } = await exportTo({ selection: {}, format: 'parquet' });
    const bytes = fs.readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(buffer);
    expect(Number(metadata.num_rows)).toBe(eventCount);
    const schema = parquetSchema(metadata) as unknown as SchemaNode;
    const types = new Map(schema.children.map((child) => [child.element.name, duckdbTypeOf(child)]));
    // isAdjustedToUTC: pandas and pyarrow read the times as UTC, not as naive local times.
    expect(types).toEqual(exportedTypes);
    const objects = (await parquetReadObjects({ file: buffer })) as Array<Record<string, unknown>>;
    expect(objects).toHaveLength(eventCount);
    const stored = core.ctx.db.prepare('SELECT event_id FROM events').all() as Array<{ event_id: string }>;
    expect(objects.map((o) => String(o.event_id).replaceAll('-', '')).sort()).toEqual(
      stored.map((e) => e.event_id).sort(),
    );
    expect(objects.every((o) => Array.isArray(o['tags.key']))).toBe(true);
  });

  it('adds the full event JSON as a column when asked, keeping the other types', async () => {
    const { file, rows } = await exportTo({ selection: {}, format: 'parquet', includeEvent: true });
    expect(rows).toBe(eventCount);
    const read = await duckdbRead(file);
    expect(read.types).toEqual(new Map([...readBackTypes, ['event', 'VARCHAR']]));
    expect(read.times).toEqual(storedTimes());
    const bytes = fs.readFileSync(file);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const objects = (await parquetReadObjects({ file: buffer })) as Array<Record<string, unknown>>;
    for (const row of objects) {
      const event = JSON.parse(String(row.event)) as { event_id: string };
      expect(event.event_id).toBe(String(row.event_id).replaceAll('-', ''));
    }
  });
});

describe('CSV export', () => {
  it('flattens the errors columns: tags as tags[key] columns, lists joined, ISO timestamps', async () => {
    const { file, rows } = await exportTo({ selection: {}, format: 'csv' });
    const [header = [], ...lines] = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(rows).toBe(eventCount);
    expect(lines).toHaveLength(eventCount);
    expect(header).toContain('tags[browser]');
    expect(header).toContain('tags[environment]');
    expect(header).not.toContain('tags.key');
    expect(header).toContain('exception_frames.function');
    const at = (line: string[], name: string) => line[header.indexOf(name)] ?? '';
    const firefox = lines.filter((line) => at(line, 'tags[browser]') === 'Firefox');
    expect(firefox.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(at(line, 'timestamp')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(at(line, 'event_id')).toMatch(/^[0-9a-f]{32}$/);
    }
    const withFrames = lines.find((line) => at(line, 'exception_frames.function').includes('|'));
    expect(withFrames).toBeDefined();
  });

  it('keeps the positions of list items, a NULL item as an empty one, so a frame’s columns line up', async () => {
    const { file } = await exportTo({ selection: {}, format: 'csv' });
    const [header = [], ...lines] = parseCsv(fs.readFileSync(file, 'utf8'));
    const at = (line: string[], name: string) => line[header.indexOf(name)] ?? '';
    const items = (line: string[], name: string) => at(line, name).split('|');
    // Node's stack traces have frames without a function name (NULL in exception_frames.function).
    const withAnonymous = lines.filter((line) => items(line, 'exception_frames.function').includes(''));
    expect(withAnonymous.length).toBeGreaterThan(0);
    for (const line of lines) {
      const frames = items(line, 'exception_frames.lineno').length;
      for (const column of [
        'exception_frames.function',
        'exception_frames.filename',
        'exception_frames.in_app',
      ])
        expect(items(line, column), column).toHaveLength(frames);
    }
  });
});

describe('SnQL export', () => {
  const range =
    "timestamp >= toDateTime('2000-01-01T00:00:00') AND timestamp < toDateTime('2100-01-01T00:00:00')";

  it('exports a query’s result rows with its own columns', async () => {
    const snql = `MATCH (events) SELECT count() AS events BY group_id WHERE project_id = 1 AND ${range} ORDER BY group_id ASC`;
    const { file, rows } = await exportTo({ selection: { snql }, format: 'csv' });
    const [header, ...lines] = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(header).toEqual(['group_id', 'events']);
    const groups = core.ctx.db.prepare('SELECT id, times_seen FROM groups ORDER BY id').all() as Array<{
      id: number;
      times_seen: number;
    }>;
    expect(rows).toBe(groups.length);
    expect(lines.map(([g, n]) => [Number(g), Number(n)])).toEqual(groups.map((g) => [g.id, g.times_seen]));
  });

  it('writes a query’s timestamps, lists and tuples in CSV as the events CSV and the SnQL response do', async () => {
    const snql = `MATCH (events) SELECT event_id, timestamp, exception_frames.function, tags WHERE project_id = 1 AND ${range} AND platform = 'node' AND notEmpty(exception_frames.lineno) = 1 LIMIT 5`;
    const { file, rows } = await exportTo({ selection: { snql }, format: 'csv' });
    const [header = [], ...lines] = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(header).toEqual(['event_id', 'timestamp', 'exception_frames.function', 'tags']);
    expect(rows).toBeGreaterThan(0);
    for (const [eventId = '', timestamp = '', functions = '', tags = ''] of lines) {
      expect(eventId).toMatch(/^[0-9a-f]{32}$/);
      expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(functions).not.toMatch(/^\[/);
      const pairs = JSON.parse(tags) as unknown[];
      expect(pairs.length).toBeGreaterThan(0);
      for (const pair of pairs) expect(pair).toEqual([expect.any(String), expect.any(String)]);
    }
  });

  it('writes each column’s own values to CSV whatever the query names its columns (t, v)', async () => {
    const snql = `MATCH (events) SELECT tuple(level, platform) AS t, array(level) AS v, tags, exception_frames.function WHERE project_id = 1 AND ${range} AND platform = 'node' LIMIT 3`;
    const { file } = await exportTo({ selection: { snql }, format: 'csv' });
    const [header, ...lines] = parseCsv(fs.readFileSync(file, 'utf8'));
    expect(header).toEqual(['t', 'v', 'tags', 'exception_frames.function']);
    expect(lines.length).toBeGreaterThan(0);
    for (const [t = '', v = '', tags = ''] of lines) {
      const [level, platform] = JSON.parse(t) as string[];
      expect(platform).toBe('node');
      expect(v).toBe(level);
      expect(JSON.parse(tags)).toContainEqual(['level', level]);
    }
  });

  it('writes a query’s timestamps to Parquet marked as UTC, with the same instants', async () => {
    const snql = `MATCH (events) SELECT event_id, timestamp, array(timestamp) AS times WHERE project_id = 1 AND ${range}`;
    const { file, rows } = await exportTo({ selection: { snql }, format: 'parquet' });
    expect(rows).toBe(eventCount);
    const instance = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false' });
    const conn = await instance.connect();
    try {
      const literal = `'${file.replaceAll("'", "''")}'`;
      const described = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal})`);
      expect(described.getRowsJS().map(([name, type]) => [name, type])).toEqual([
        ['event_id', 'VARCHAR'],
        ['timestamp', 'TIMESTAMP WITH TIME ZONE'],
        ['times', 'TIMESTAMP WITH TIME ZONE[]'],
      ]);
      const read = await conn.runAndReadAll(
        `SELECT event_id, epoch(timestamp), epoch(times[1]) FROM read_parquet(${literal})`,
      );
      const stored = storedTimes();
      for (const [id, seconds, inList] of read.getRowsJS()) {
        expect(Number(seconds)).toBe(Math.floor((stored.get(String(id)) ?? 0) / 1000));
        expect(inList).toBe(seconds);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('exports the events a query names as JSONL when it selects event_id and project_id', async () => {
    const snql = `MATCH (events) SELECT event_id, project_id WHERE project_id = 1 AND ${range} AND level = 'warning' LIMIT 100`;
    const { file, rows } = await exportTo({ selection: { snql }, format: 'jsonl' });
    const events = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string });
    expect(rows).toBeGreaterThan(0);
    expect(events.every((e) => e.level === 'warning')).toBe(true);
  });

  it('refuses a JSONL export of a query without event ids, and an invalid query', async () => {
    const aggregate = `MATCH (events) SELECT count() AS c WHERE project_id = 1 AND ${range}`;
    const started = await call(core, 'export.start', { selection: { snql: aggregate }, format: 'jsonl' });
    const failed = await waitForExport(core, started.exportId);
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toMatch(/event_id and project_id/);
    const invalid = await call(core, 'export.start', {
      selection: { snql: 'MATCH (events) SELECT' },
      format: 'csv',
    });
    expect((await waitForExport(core, invalid.exportId)).error?.type).toBe('invalid_query');
    expect(fs.readdirSync(path.join(core.ctx.dataDir, 'exports')).filter((f) => f.startsWith('.'))).toEqual(
      [],
    );
  });
});

describe('download', () => {
  it('export.read returns the finished file in slices', async () => {
    const started = await call(core, 'export.start', { selection: {}, format: 'jsonl' });
    const done = await waitForExport(core, started.exportId);
    const file = fs.readFileSync(path.join(core.ctx.dataDir, 'exports', done.file ?? ''));
    const parts: Buffer[] = [];
    for (let offset = 0, eof = false; !eof; ) {
      const chunk = await call(core, 'export.read', { exportId: done.exportId, offset, length: 1000 });
      parts.push(Buffer.from(chunk.base64, 'base64'));
      offset += 1000;
      eof = chunk.eof;
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true);
  });
});
