/**
 * Functions whose result grows with an argument (`range`, `repeat`, `leftPad`, `rightPad`) are
 * bounded: DuckDB builds their values outside its memory limit, a vector of rows at once, and no
 * interrupt stops it midway (`range(1000000000)` in the console took 16 GB of memory and ran past its
 * timeout). A size written in the query is refused at its position; one the data gives is refused
 * as the query runs, as ClickHouse refuses its own too-large values.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSnql } from '../../../src-main/core/snql/execute.ts';
import { type EventIndex, openEventIndex } from '../../../src-main/core/store/duckdb/open_event_index.ts';
import { ERRORS_COLUMNS } from '../../../src-main/core/store/duckdb/schema.ts';
import { tempDir } from '../../support/serve.ts';

const ROWS = 10;
let index: EventIndex;

/** One value per errors column; every row's group id is 5000 and its message 2,000 characters. */
function generated(name: string, type: string, nullable: boolean): string {
  if (name === 'project_id') return '1';
  if (name === 'timestamp' || name === 'received' || name === 'message_timestamp')
    return `TIMESTAMP '2024-01-15 09:00:00' + to_seconds(i)`;
  if (name === 'event_id' || name === 'primary_hash') return 'uuid()';
  if (name === 'deleted') return '0';
  if (name === 'group_id') return '5000';
  if (name === 'message') return "repeat('m', 2000)";
  if (nullable) return 'NULL';
  if (type.endsWith('[]')) return '[]';
  if (type === 'VARCHAR') return "'x'";
  return '0';
}

beforeAll(async () => {
  index = await openEventIndex(path.join(tempDir('faultline-snql-bounds-'), 'events.duckdb'));
  const values = ERRORS_COLUMNS.map((c) => generated(c.name, c.type.toString(), c.nullable));
  await index.writer.run(`INSERT INTO errors SELECT ${values.join(', ')} FROM range(${ROWS}) t(i)`);
}, 60_000);
afterAll(() => index?.close());

const WINDOW =
  "project_id = 1 AND timestamp >= toDateTime('2024-01-15T00:00:00') AND timestamp < toDateTime('2024-01-16T00:00:00')";

async function run(select: string) {
  const conn = await index.connect();
  try {
    return await runSnql(conn, `MATCH (events) SELECT ${select} WHERE ${WINDOW} LIMIT 1`, {
      timeoutMs: 30_000,
    });
  } finally {
    conn.closeSync();
  }
}

/** The text an invalid_query's span underlines. */
async function refusedAt(select: string): Promise<string> {
  const response = await run(select);
  const query = `MATCH (events) SELECT ${select} WHERE ${WINDOW} LIMIT 1`;
  if (!('error' in response)) throw new Error(`${select} was not refused`);
  expect(response.error).toMatchObject({ type: 'invalid_query', code: 'invalid_function' });
  const span = (response.error as { span?: { offset: number; end: number } }).span;
  return span ? query.slice(span.offset, span.end) : '';
}

describe('values that grow with an argument', () => {
  it('a size written in the query past the bound is refused at its position', async () => {
    expect(await refusedAt('range(1000000) AS r')).toBe('1000000');
    expect(await refusedAt("repeat('ab', 100000) AS s")).toBe('100000');
    expect(await refusedAt("leftPad('7', 1000000, '0') AS s")).toBe('1000000');
    expect(await refusedAt("rightPad(message, 20000, ' ') AS s")).toBe('20000');
  });

  it('a size the data gives past the bound is refused as the query runs, as ClickHouse refuses it', async () => {
    for (const select of [
      'range(toUInt64(group_id)) AS r',
      'repeat(message, 10) AS s',
      "leftPad(message, multiply(group_id, 4), '*') AS s",
    ]) {
      const response = await run(select);
      expect(response, select).toMatchObject({
        error: { type: 'clickhouse', message: expect.stringContaining('Too large') },
      });
    }
  });

  it('inside a lambda, or more than 16 times in one query, they are refused', async () => {
    expect(await refusedAt('arrayMap((`x`) -> range(10), range(10)) AS r')).toBe('range(10)');
    const many = Array.from({ length: 17 }, (_, i) => `range(${i}) AS r${i}`).join(', ');
    expect(await refusedAt(many)).toMatch(/^range\(16\)/);
  });

  it('values within the bounds are what ClickHouse gives', async () => {
    const response = await run(
      "range(3) AS r, range(toUInt64(modulo(group_id, 4))) AS d, repeat('ab', 3) AS s, leftPad('7', 3, '0') AS p, rightPad('7', 3, '-') AS q, length(repeat(message, 5)) AS n",
    );
    expect(response).toMatchObject({
      data: [{ r: [0, 1, 2], d: [], s: 'ababab', p: '007', q: '7--', n: 10_000 }],
    });
  });
});
